/**
 * YAML and JSON configuration: {@link dev.nn4j.core.config.ConfigReader} reads one document that
 * describes a network, its loss and optimizer, its training and its data into a {@link
 * dev.nn4j.core.config.ModelSpec}. Plugin names resolve through the {@link
 * dev.nn4j.core.PluginRegistry} and plugin parameters bind to the provider's parameters record;
 * every mistake is a {@link dev.nn4j.api.ConfigException} naming the file, line, column and key
 * path.
 */
package dev.nn4j.core.config;

/**
 * An application that embeds nn4j the way a service would: {@link
 * dev.nn4j.example.service.ClassifierService} loads a model at start, classifies samples on a
 * pool of request threads, retrains in the background on the samples it holds in memory, swaps
 * the model atomically, and closes its nn4j backend so that no nn4j thread outlives it; {@link
 * dev.nn4j.example.service.ServiceModule} wires the same service with Guice.
 */
package dev.nn4j.example.service;

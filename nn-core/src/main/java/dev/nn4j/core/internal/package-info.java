/** Implementation details of nn-core; not an API, may change in any release. */
package dev.nn4j.core.internal;

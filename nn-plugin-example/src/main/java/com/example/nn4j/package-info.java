/**
 * An nn4j plugin written as a third party would: {@code mish} (an activation), {@code lion} (an
 * optimizer) and {@code scale} (a layer), built against {@code nn-api} alone, registered in
 * {@code META-INF/services}, and tested with the contracts of {@code nn-testkit}.
 */
package com.example.nn4j;

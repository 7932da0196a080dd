/**
 * ONNX export of trained nn4j models: {@link dev.nn4j.onnx.OnnxExport} writes a {@code Model}
 * (its input scaling, layers and activations) as an ONNX file that ONNX Runtime and other ONNX
 * tools run.
 */
package dev.nn4j.onnx;

package dev.nn4j.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One protocol-buffers message being written, field by field, in the wire format: varints (wire
 * type 0), 32-bit floats (wire type 5) and length-delimited bytes, strings and nested messages
 * (wire type 2). Only what the ONNX messages this module writes need.
 *
 * <p>Thread-safety: one message is written by one thread.
 */
final class Proto {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Writes an integer field (int32, int64 or enum); negative values take ten bytes. */
  Proto integer(int field, long value) {
    tag(field, 0);
    varint(value);
    return this;
  }

  /** Writes each value as its own integer field, as a repeated unpacked field. */
  Proto integers(int field, long... values) {
    for (long v : values) {
      integer(field, v);
    }
    return this;
  }

  /** Writes a float field. */
  Proto float32(int field, float value) {
    tag(field, 5);
    int bits = Float.floatToRawIntBits(value);
    for (int i = 0; i < 4; i++) {
      out.write(bits >>> (8 * i));
    }
    return this;
  }

  /** Writes a string field in UTF-8. */
  Proto string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a bytes field. */
  Proto bytes(int field, byte[] value) {
    tag(field, 2);
    varint(value.length);
    out.writeBytes(value);
    return this;
  }

  /** Writes a nested message field. */
  Proto message(int field, Proto message) {
    return bytes(field, message.toBytes());
  }

  /** Returns the bytes written so far. */
  byte[] toBytes() {
    return out.toByteArray();
  }

  /** Floats as little-endian IEEE 754 bytes, the layout of ONNX's {@code raw_data}. */
  static byte[] littleEndian(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  /** Longs as little-endian bytes. */
  static byte[] littleEndian(long[] values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return b.array();
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private void varint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}

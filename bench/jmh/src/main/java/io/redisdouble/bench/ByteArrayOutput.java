package io.redisdouble.bench;

import io.redisdouble.resp.RespOutput;

import java.util.Arrays;

/** A reusable {@link RespOutput} into a growable byte array; {@link #reset} before each reply. */
final class ByteArrayOutput implements RespOutput {
    byte[] buf = new byte[1 << 16];
    int size;

    void reset() {
        size = 0;
    }

    @Override
    public void writeByte(int b) {
        if (size == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        buf[size++] = (byte) b;
    }

    @Override
    public void writeBytes(byte[] b, int off, int len) {
        if (size + len > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + len));
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }
}

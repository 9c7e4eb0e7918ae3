package io.redisdouble.resp;

/** Where encoded bytes go: a Netty buffer in the server, a byte array in tests. */
public interface RespOutput {
    void writeByte(int b);

    void writeBytes(byte[] b, int off, int len);

    default void writeBytes(byte[] b) {
        writeBytes(b, 0, b.length);
    }
}

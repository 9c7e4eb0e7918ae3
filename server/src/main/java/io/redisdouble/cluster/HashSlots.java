package io.redisdouble.cluster;

/**
 * Redis Cluster's key-to-slot mapping (cluster.c keyHashSlot, crc16.c): CRC16/XMODEM of the key, or of
 * the first non-empty {@code {...}} hash tag in it, modulo 16384.
 */
public final class HashSlots {
    /** CLUSTER_SLOTS. */
    public static final int SLOTS = 16384;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int b = 0; b < 8; b++) crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private HashSlots() {}

    /** crc16 (XMODEM: polynomial 0x1021, initial 0) of {@code len} bytes of {@code b} from {@code off}. */
    public static int crc16(byte[] b, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
        return crc;
    }

    /**
     * keyHashSlot: the slot of a key. Only the part between the first '{' and the first '}' after it is
     * hashed, if that part is not empty; otherwise the whole key.
     */
    public static int slot(byte[] key) {
        int len = key.length;
        int s = 0;
        while (s < len && key[s] != '{') s++;
        if (s == len) return crc16(key, 0, len) & 0x3FFF;
        int e = s + 1;
        while (e < len && key[e] != '}') e++;
        if (e == len || e == s + 1) return crc16(key, 0, len) & 0x3FFF;
        return crc16(key, s + 1, e - s - 1) & 0x3FFF;
    }

    /**
     * The slot ranges {@code redis-cli --cluster create} gives to {@code masters} masters
     * (clusterManagerCommandCreate): 16384 / masters slots each as a float, cursor rounded with lround,
     * the last master taking what remains. Returns {first, last} per master.
     */
    public static int[][] createAllocation(int masters) {
        if (masters < 1) throw new IllegalArgumentException("at least one master");
        int[][] out = new int[masters][];
        float slotsPerNode = SLOTS / (float) masters;
        long first = 0;
        float cursor = 0.0f;
        for (int i = 0; i < masters; i++) {
            long last = Math.round((double) (cursor + slotsPerNode - 1));
            if (last > SLOTS || i == masters - 1) last = SLOTS - 1;
            if (last < first) last = first;
            out[i] = new int[] {(int) first, (int) last};
            first = last + 1;
            cursor += slotsPerNode;
        }
        return out;
    }
}

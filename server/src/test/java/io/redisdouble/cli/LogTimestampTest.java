package io.redisdouble.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * The standalone server writes its log times and reads its descriptor limit without the JDK classes
 * that cost start-up time (locale data, the management beans); these check the hand-written versions
 * against the JDK's own.
 */
class LogTimestampTest {
    @Test
    void timestampsMatchSimpleDateFormatInEveryZone() {
        SplittableRandom random = new SplittableRandom(42);
        String[] zones = {"UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham", "America/Los_Angeles"};
        long[] fixed = {0, -1, 951_782_400_000L /* 2000-02-29 */, 4_107_542_400_000L /* 2100-03-01 */,
                1_798_761_599_999L, -2_208_988_800_000L /* 1900-01-01 */, 253_402_300_799_999L /* 9999-12-31 */};
        for (String id : zones) {
            TimeZone zone = TimeZone.getTimeZone(id);
            SimpleDateFormat jdk = new SimpleDateFormat("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT);
            jdk.setTimeZone(zone);
            for (long t : fixed) assertEquals(jdk.format(new Date(t)), Main.timestamp(t, zone), id + " at " + t);
            for (int i = 0; i < 20_000; i++) {
                long t = random.nextLong(0, 4_102_444_800_000L); // 1970 .. 2100
                assertEquals(jdk.format(new Date(t)), Main.timestamp(t, zone), id + " at " + t);
            }
        }
    }

    @Test
    void descriptorFiguresAreTheManagementBeansOnes() {
        long[] ours = Main.descriptors();
        assertNotNull(ours, "Linux has /proc/self/limits");
        var os = (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        assertEquals(os.getMaxFileDescriptorCount(), ours[0]);
        long open = os.getOpenFileDescriptorCount();
        assertTrue(Math.abs(open - ours[1]) <= 3, "open descriptors: ours " + ours[1] + ", the bean's " + open);
    }
}

package io.redisdouble.command;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * LOLWUT [VERSION v] [args] (lolwut.c): the art is picked by a version, the server's own unless VERSION
 * gives one (printed "%u.0.0", so only 5 and 6 pick an art; any other number the plain version line).
 * Version 5 (lolwut5.c) is Georg Nees's "schotter": squares, rotated and shifted at random as rows go
 * down, drawn on a canvas rendered as Braille characters. Its random numbers come from the engine's
 * generator, so its output has Redis's shape and size but not its exact squares. Without an art, the
 * reply is "Redis ver. X\n" (X the server version, Valkey's too). Version 6 (lolwut6.c, 6.2's default) is
 * a city skyline in terminal colours, its buildings and windows random the same way. 8.0's default art
 * (lolwut8) is not drawn: it answers an error saying so.
 */
final class LolwutCommand {
    private LolwutCommand() {}

    static void register(CommandTable t) {
        if (!t.known("lolwut")) return;
        t.add("lolwut", -1, flags(READONLY, FAST), LolwutCommand::lolwut);
    }

    static Reply lolwut(Call c) throws CommandException {
        String version = c.dialect().full();
        int first = 1;
        if (c.argc() >= 3 && Bytes.eqIgnoreCaseC(c.arg(1), "version")) {
            long v = c.longArg(2);
            version = Integer.toUnsignedString((int) v) + ".0.0";
            first = 3;
        }
        switch (io.redisdouble.dialect.LolwutArt.of(version, c.dialect())) {
            case SCHOTTER -> {
                return schotter(c, first, c.dialect().full());
            }
            case SKYLINE -> {
                return skyline(c, first, c.dialect().full());
            }
            case VERSION_8 -> throw Call.error(Errors.notImplemented("lolwut version 8"));
            default -> { }
        }
        return Reply.verbatim("Redis ver. " + c.dialect().full() + "\n");
    }

    /** lolwut5Command: [cols [squares-per-row [squares-per-col]]], each clamped. */
    private static Reply schotter(Call c, int first, String serverVersion) throws CommandException {
        long cols = 66, perRow = 8, perCol = 12;
        if (c.argc() > first) cols = c.longArg(first);
        if (c.argc() > first + 1) perRow = c.longArg(first + 1);
        if (c.argc() > first + 2) perCol = c.longArg(first + 2);
        cols = Math.max(1, Math.min(1000, cols));
        perRow = Math.max(1, Math.min(200, perRow));
        perCol = Math.max(1, Math.min(200, perCol));
        Canvas canvas = draw((int) cols, (int) perRow, (int) perCol, c.engine.random());
        String text = canvas.render() + "\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. " + serverVersion + "\n";
        return Reply.verbatim(text);
    }

    /** lolwut6Command: [cols [rows]], each clamped; a city skyline in terminal colours. */
    private static Reply skyline(Call c, int first, String serverVersion) throws CommandException {
        long cols = 80, rows = 20;
        if (c.argc() > first) cols = c.longArg(first);
        if (c.argc() > first + 1) rows = c.longArg(first + 1);
        cols = Math.max(1, Math.min(1000, cols));
        rows = Math.max(1, Math.min(1000, rows));
        Canvas canvas = new Canvas((int) cols, (int) rows);
        java.util.Arrays.fill(canvas.pixels, (byte) 3);
        SplittableRandom random = c.engine.random();
        for (int color = 2; color >= 1; color--) {
            for (int offset = -10; offset < canvas.width; ) {
                offset += rand(random) % 8;
                int width = 10 + rand(random) % 9;
                int height = color == 2 ? canvas.height / 2 + rand(random) % canvas.height / 2
                        : canvas.height / 2 + rand(random) % canvas.height / 3;
                skyscraper(canvas, offset, width, height, false, color, random);
                offset += color == 2 ? width / 2 : width + 1;
            }
        }
        for (int offset = -10; offset < canvas.width; ) {
            offset += rand(random) % 8;
            int width = 5 + rand(random) % 14;
            if (width % 4 != 0) width += width % 3;
            int height = canvas.height / 3 + rand(random) % canvas.height / 2;
            skyscraper(canvas, offset, width, height, true, 0, random);
            offset += width + 5;
        }
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < canvas.height; y++) {
            for (int x = 0; x < canvas.width; x++) {
                String ce = switch (canvas.color(x, y)) {
                    case 1 -> "0;90;100m";
                    case 2 -> "0;37;47m";
                    case 3 -> "0;97;107m";
                    default -> "0;30;40m";
                };
                sb.append("\033[").append(ce).append(" \033[0m");
            }
            if (y != canvas.height - 1) sb.append('\n');
        }
        sb.append("\nDedicated to the 8 bit game developers of past and present.\n"
                + "Original 8 bit image from Plaguemon by hikikomori. Redis ver. ").append(serverVersion).append('\n');
        return Reply.verbatim(sb.toString());
    }

    /** generateSkyscraper: a building from the bottom row up, its roof 4 pixels narrower, maybe windows. */
    private static void skyscraper(Canvas canvas, int xoff, int width, int height, boolean windows, int color,
                                   SplittableRandom random) {
        int starty = canvas.height - 1;
        int endy = starty - height + 1;
        for (int y = starty; y >= endy; y--) {
            for (int x = xoff; x < xoff + width; x++) {
                if (y == endy && (x <= xoff + 1 || x >= xoff + width - 2)) continue;
                int col = color;
                if (windows && x > xoff + 1 && x < xoff + width - 2 && y > endy + 1 && y < starty - 1) {
                    int relx = x - (xoff + 1);
                    int rely = y - (endy + 1);
                    if ((relx / 2 % 2) != 0 && (rely % 2) != 0) {
                        do {
                            col = 1 + rand(random) % 2;
                        } while (col == color);
                        if (relx % 2 != 0) col = canvas.color(x - 1, y);
                    }
                }
                canvas.set(x, y, col);
            }
        }
    }

    /** C's rand(): 0..RAND_MAX. */
    private static int rand(SplittableRandom random) {
        return random.nextInt(RAND_MAX);
    }

    private static final int RAND_MAX = Integer.MAX_VALUE;

    /** lwDrawSchotter. */
    static Canvas draw(int consoleCols, int perRow, int perCol, SplittableRandom random) {
        int width = consoleCols * 2;
        int padding = width > 4 ? 2 : 0;
        float side = (float) (width - padding * 2) / perRow;
        int height = (int) (side * perCol + padding * 2);
        Canvas canvas = new Canvas(width, height);
        for (int y = 0; y < perCol; y++) {
            for (int x = 0; x < perRow; x++) {
                int sx = (int) (x * side + side / 2 + padding);
                int sy = (int) (y * side + side / 2 + padding);
                float angle = 0;
                if (y > 1) {
                    float r1 = (float) random.nextInt(RAND_MAX) / (float) RAND_MAX / perCol * y;
                    float r2 = (float) random.nextInt(RAND_MAX) / (float) RAND_MAX / perCol * y;
                    float r3 = (float) random.nextInt(RAND_MAX) / (float) RAND_MAX / perCol * y;
                    if (random.nextInt(2) == 1) r1 = -r1;
                    if (random.nextInt(2) == 1) r2 = -r2;
                    if (random.nextInt(2) == 1) r3 = -r3;
                    angle = r1;
                    sx = (int) (sx + r2 * side / 3);
                    sy = (int) (sy + r3 * side / 3);
                }
                canvas.square(sx, sy, side, angle);
            }
        }
        return canvas;
    }

    /** lwCanvas: one byte per pixel, 0 or 1. */
    static final class Canvas {
        final int width, height;
        final byte[] pixels;

        Canvas(int width, int height) {
            this.width = width;
            this.height = height;
            this.pixels = new byte[width * height];
        }

        void pixel(int x, int y) {
            if (x < 0 || x >= width || y < 0 || y >= height) return;
            pixels[x + y * width] = 1;
        }

        void set(int x, int y, int color) {
            if (x < 0 || x >= width || y < 0 || y >= height) return;
            pixels[x + y * width] = (byte) color;
        }

        int color(int x, int y) {
            if (x < 0 || x >= width || y < 0 || y >= height) return 0;
            return pixels[x + y * width];
        }

        boolean get(int x, int y) {
            if (x < 0 || x >= width || y < 0 || y >= height) return false;
            return pixels[x + y * width] != 0;
        }

        /** lwDrawLine: Bresenham. */
        void line(int x1, int y1, int x2, int y2) {
            int dx = Math.abs(x2 - x1), dy = Math.abs(y2 - y1);
            int sx = x1 < x2 ? 1 : -1, sy = y1 < y2 ? 1 : -1;
            int err = dx - dy;
            while (true) {
                pixel(x1, y1);
                if (x1 == x2 && y1 == y2) break;
                int e2 = err * 2;
                if (e2 > -dy) {
                    err -= dy;
                    x1 += sx;
                }
                if (e2 < dx) {
                    err += dx;
                    y1 += sy;
                }
            }
        }

        /** lwDrawSquare: a square of side {@code size} centred on (x, y), rotated by {@code angle}. */
        void square(int x, int y, float size, float angle) {
            size = (float) (size / 1.4142135623);
            size = (float) roundHalfAway(size);
            int[] px = new int[4], py = new int[4];
            float k = (float) (Math.PI / 4 + angle);
            for (int j = 0; j < 4; j++) {
                px[j] = (int) roundHalfAway(Math.sin(k) * size + x);
                py[j] = (int) roundHalfAway(Math.cos(k) * size + y);
                k = (float) (k + Math.PI / 2);
            }
            for (int j = 0; j < 4; j++) line(px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4]);
        }

        /** C's round(): halves away from zero. */
        private static double roundHalfAway(double v) {
            return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
        }

        /** renderCanvas: 2x4 pixels per Braille character (U+2800 + bits), rows of 4 pixels. */
        String render() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int y = 0; y < height; y += 4) {
                for (int x = 0; x < width; x += 2) {
                    int b = 0;
                    if (get(x, y)) b |= 1;
                    if (get(x, y + 1)) b |= 1 << 1;
                    if (get(x, y + 2)) b |= 1 << 2;
                    if (get(x + 1, y)) b |= 1 << 3;
                    if (get(x + 1, y + 1)) b |= 1 << 4;
                    if (get(x + 1, y + 2)) b |= 1 << 5;
                    if (get(x, y + 3)) b |= 1 << 6;
                    if (get(x + 1, y + 3)) b |= 1 << 7;
                    int code = 0x2800 + b;
                    out.write(0xE0 | (code >> 12));
                    out.write(0x80 | ((code >> 6) & 0x3F));
                    out.write(0x80 | (code & 0x3F));
                }
                if (y != height - 1) out.write('\n');
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}

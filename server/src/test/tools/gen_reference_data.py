#!/usr/bin/env python3
"""Generates redis-double's reference data from a real Redis server.

    gen_reference_data.py config   PORT OUT.tsv   # CONFIG table (names, types, bounds, defaults)
    gen_reference_data.py commands PORT OUT.resp  # COMMAND (+ COMMAND DOCS on 7.x) replies, RESP3
    gen_reference_data.py hidden   PORT OUT.tsv   # hidden CONFIG parameters, rows to append to the table

PORT must be a scratch server started only for this, e.g.
    redis-server-7.0.15 --port 7117 --save '' --appendonly no --daemonize yes
The `config` mode runs CONFIG SET with invalid and extreme values on every parameter to learn its type
and bounds from the error texts, restoring each value afterwards: never point it at a server in use.

config output: one line per parameter, in the order `CONFIG GET *` lists them, tab-separated:
    name  type  detail  default
type: bool | int | memory | enum | string | special | immutable | protected
detail: int/memory: "min max"; enum: the text after "one of the following: "; special: the error text
for an invalid value; otherwise empty.

hidden output: rows as above with a fifth field "hidden", for the parameters of HIDDEN_CANDIDATES
that `CONFIG GET *` does not list but `CONFIG GET <name>` answers (config.c's HIDDEN_CONFIG: only an
exact name finds them); they are appended to the table, after the listed ones.

commands output: the raw RESP3 bytes of `COMMAND` (then, on 7.x, `COMMAND DOCS`), each preceded by a
line "#<name> <byte count>\n".
"""
import socket
import sys


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.f = self.s.makefile("rb")

    def raw(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.s.sendall(out)
        buf = bytearray()
        self._read(buf)
        return bytes(buf)

    def _read(self, buf):
        line = self.f.readline()
        buf += line
        t, rest = line[:1], line[1:-2]
        if t in b"$=!":
            n = int(rest)
            if n >= 0:
                buf += self.f.read(n + 2)
        elif t in b"*~>%|":
            n = int(rest)
            if t in b"%|":
                n *= 2
            for _ in range(max(n, 0)):
                self._read(buf)

    def call(self, *args):
        r = self.raw(*args)
        return decode(r)[0]


def decode(b, i=0):
    t = b[i:i + 1]
    j = b.index(b"\r\n", i)
    rest = b[i + 1:j]
    i = j + 2
    if t in (b"+",):
        return rest.decode(), i
    if t == b"-":
        return Err(rest.decode()), i
    if t == b":":
        return int(rest), i
    if t in (b"$", b"=", b"!"):
        n = int(rest)
        if n < 0:
            return None, i
        return b[i:i + n].decode("latin1"), i + n + 2
    if t == b"_":
        return None, i
    if t in (b"*", b"~", b">", b"%"):
        n = int(rest)
        if t == b"%":
            n *= 2
        out = []
        for _ in range(n):
            v, i = decode(b, i)
            out.append(v)
        return out, i
    raise ValueError("unknown type %r" % t)


class Err(str):
    pass


def message(err):
    """The explanatory part of a CONFIG SET error, for both the 7.x and the 6.2 wording."""
    if " - " in err:
        return err.split(" - ", 1)[1]
    return ""


def is_immutable(err):
    return "immutable" in err or err.startswith("ERR Unsupported CONFIG parameter")


def gen_config(port, out):
    c = Conn(port)
    pairs = c.call("CONFIG", "GET", "*")
    names = pairs[0::2]
    values = dict(zip(pairs[0::2], pairs[1::2]))
    rows = [probe(c, name, values[name]) for name in names]
    with open(out, "w") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")


# Every parameter some Redis or Valkey release creates with HIDDEN_CONFIG in config.c (6.2 has none:
# there these are listed like any other).
HIDDEN_CANDIDATES = ["use-exit-on-panic", "aof-disable-auto-gc", "enable-debug-assert", "req-res-logfile",
                     "debug-context", "rdb-key-save-delay", "key-load-delay", "watchdog-period",
                     "client-default-resp", "cluster-ping-interval", "loading-process-events-interval-bytes"]


def gen_hidden(port, out):
    c = Conn(port)
    listed = set(c.call("CONFIG", "GET", "*")[0::2])
    rows = []
    for name in HIDDEN_CANDIDATES:
        got = c.call("CONFIG", "GET", name)
        if name in listed or len(got) != 2:
            continue
        rows.append(probe(c, name, got[1]) + ("hidden",))
    with open(out, "w") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")


def probe(c, name, v0):
    """(name, type, detail, default) of one parameter, learnt from CONFIG SET errors; the value restored."""
    r = c.call("CONFIG", "SET", name, "__bad__")
    kind, detail = None, ""
    if not isinstance(r, Err):
        kind = "string"
        c.call("CONFIG", "SET", name, v0)
    elif is_immutable(r):
        kind = "immutable"
    elif "can't set protected config" in r:
        kind = "protected"
    else:
        m = message(r)
        if m == "argument must be 'yes' or 'no'":
            kind = "bool"
        elif m == "argument couldn't be parsed into an integer":
            kind = "int"
        elif m == "argument must be a memory value":
            kind = "memory"
        elif "one of the following: " in m:
            kind = "enum"
            detail = m.split("one of the following: ", 1)[1]
        else:
            kind = "special"
            detail = r
    if kind in ("int", "memory"):
        probes = ["-9223372036854775808", "9223372036854775807"] if kind == "int" else \
            ["0", "9223372036854775807", "18446744073709551615"]
        lo, hi = None, None
        for p in probes:
            r = c.call("CONFIG", "SET", name, p)
            if isinstance(r, Err):
                m = message(r)
                if m.startswith("argument must be between "):
                    a, b = m[len("argument must be between "):].replace(" inclusive", "").split(" and ")
                    lo, hi = a, b
                    break
            else:
                c.call("CONFIG", "SET", name, v0)
        if lo is None:
            lo, hi = ("-9223372036854775808", "9223372036854775807") if kind == "int" else \
                ("0", "18446744073709551615")
        detail = lo + " " + hi
    assert "\t" not in v0 and "\n" not in v0
    now = c.call("CONFIG", "GET", name)
    if now != [name, v0]:
        print("warning: %s not restored: %r" % (name, now), file=sys.stderr)
    return (name, kind, detail, v0)


def gen_commands(port, out):
    c = Conn(port)
    c.raw("HELLO", "3")
    parts = [("COMMAND", c.raw("COMMAND"))]
    docs = c.raw("COMMAND", "DOCS")
    if not docs.startswith(b"-"):
        parts.append(("COMMAND DOCS", docs))
    with open(out, "wb") as f:
        for name, data in parts:
            f.write(b"#%s %d\n" % (name.encode(), len(data)))
            f.write(data)


if __name__ == "__main__":
    mode, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"config": gen_config, "hidden": gen_hidden, "commands": gen_commands}[mode](port, out)

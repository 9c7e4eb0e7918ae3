import socket
class R:
    def __init__(s, port, db=11):
        s.s = socket.create_connection(('127.0.0.1', port)); s.f = s.s.makefile('rb')
        if db is not None: s.cmd('SELECT', str(db))
    def cmd(s, *args):
        out = b'*%d\r\n' % len(args)
        for a in args:
            if isinstance(a, str): a = a.encode('latin1')
            out += b'$%d\r\n%s\r\n' % (len(a), a)
        s.s.sendall(out); return s.read()
    def raw(s, *args):
        out = b'*%d\r\n' % len(args)
        for a in args:
            if isinstance(a, str): a = a.encode('latin1')
            out += b'$%d\r\n%s\r\n' % (len(a), a)
        s.s.sendall(out); return s.readraw()
    def readraw(s):
        line = s.f.readline(); t = line[:1]; out = line
        if t in b'$=!':
            n = int(line[1:-2])
            if n >= 0: out += s.f.read(n + 2)
        elif t in b'*%~>':
            n = int(line[1:-2])
            if n > 0:
                if t == b'%': n *= 2
                for _ in range(n): out += s.readraw()
        return out
    def read(s):
        line = s.f.readline(); t = line[:1]; body = line[1:-2]
        if t == b'+': return body.decode('latin1')
        if t == b'-': return Exception(body.decode('latin1'))
        if t == b':': return int(body)
        if t == b'$':
            n = int(body)
            if n < 0: return None
            d = s.f.read(n + 2); return d[:-2]
        if t == b'*':
            n = int(body)
            if n < 0: return None
            return [s.read() for _ in range(n)]
        raise ValueError(line)

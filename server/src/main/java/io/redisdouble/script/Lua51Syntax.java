package io.redisdouble.script;

import java.util.ArrayList;
import java.util.List;

/**
 * A syntax checker for Lua 5.1 (llex.c + lparser.c of 5.1.5, without code generation) that reports the
 * first error exactly as Lua 5.1 words it: "user_script:1: unexpected symbol near '&lt;eof&gt;'",
 * "user_script:1: '=' expected near '1'". LuaJ compiles Lua 5.2 and words its errors differently, so
 * every script goes through this check first; what passes is then compiled by LuaJ.
 */
final class Lua51Syntax {
    private Lua51Syntax() {}

    /** The Lua 5.1 compile error of a chunk, or null if it compiles. */
    static String check(byte[] code, int from, int to, String chunkName) {
        return check(code, from, to, chunkName, true);
    }

    /** {@code varargMain}: whether the main chunk may use "..." (6.2 wraps scripts in a plain function). */
    static String check(byte[] code, int from, int to, String chunkName, boolean varargMain) {
        try {
            new Parser(new Lexer(code, from, to, chunkName)).chunkMain(varargMain);
            return null;
        } catch (SyntaxError e) {
            return e.getMessage();
        }
    }

    /**
     * The zero constants of each function of a chunk that compiles, as Lua 5.1's code generator emits
     * them (see {@link Zeros}), or null if it does not compile.
     */
    static Zeros zeros(byte[] code, int from, int to) {
        try {
            Parser p = new Parser(new Lexer(code, from, to, "=zeros"));
            p.chunkMain(true);
            return p.root;
        } catch (SyntaxError e) {
            return null;
        }
    }

    /**
     * Lua 5.1 folds arithmetic on numerals at compile time (lcode.c constfolding: not a division or
     * modulo by zero, not a NaN result) and keeps -0 ({@code -0}, {@code 0/-1}); LuaJ's compiler folds
     * the same expressions but makes a -0 the constant 0. A function's constants are a table keyed by
     * value, where -0 and 0 are one key (addk finds the first one), so in Lua 5.1 every zero constant
     * of a function has the sign of the first one it emitted: {@code tostring(-0)..tostring(0)} is
     * {@code -0-0}, {@code tostring(0)..tostring(-0)} is {@code 00}. What is recorded per function: the
     * sign of the first constant expression that is not folded further (emitted as a constant, or
     * possibly) and is a zero. A function whose first one is -0 has the constant -0 (see LuaRuntime).
     */
    static final class Zeros {
        /** The first zero constant was -0 (null: the function emits no zero constant). */
        Boolean firstNegative;
        /** The functions defined in this one, in the order their bodies begin (Prototype.p's order). */
        final List<Zeros> children = new ArrayList<>();
    }

    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    // ---- tokens --------------------------------------------------------------------------------------

    static final int FIRST_RESERVED = 257;
    static final int AND = 257, BREAK = 258, DO = 259, ELSE = 260, ELSEIF = 261, END = 262, FALSE = 263, FOR = 264,
            FUNCTION = 265, IF = 266, IN = 267, LOCAL = 268, NIL = 269, NOT = 270, OR = 271, REPEAT = 272, RETURN = 273,
            THEN = 274, TRUE = 275, UNTIL = 276, WHILE = 277, CONCAT = 278, DOTS = 279, EQ = 280, GE = 281, LE = 282,
            NE = 283, NUMBER = 284, NAME = 285, STRING = 286, EOS = 287;
    static final String[] TOKENS = {"and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in",
            "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while", "..", "...", "==", ">=", "<=",
            "~=", "<number>", "<name>", "<string>", "<eof>"};

    static String token2str(int token) {
        if (token < FIRST_RESERVED) {
            return Character.isISOControl(token) || token > 126 && token < 160 ? "char(" + token + ")" : String.valueOf((char) token);
        }
        return TOKENS[token - FIRST_RESERVED];
    }

    // ---- lexer ---------------------------------------------------------------------------------------

    static final class Lexer {
        final byte[] src;
        int pos;
        final int end;
        final String chunkId;
        int current;
        int linenumber = 1;
        int lastline = 1;
        int token;
        int lookahead = EOS;
        boolean hasLookahead;
        final StringBuilder buff = new StringBuilder();
        String lookaheadText;
        String tokenText = "";

        Lexer(byte[] src, int from, int to, String chunkName) {
            this.src = src;
            this.pos = from;
            this.end = to;
            this.chunkId = Hook.shortSource(chunkName);
            next();
        }

        private void next() {
            current = pos < end ? (src[pos++] & 0xFF) : -1;
        }

        private void save(int c) {
            buff.append((char) c);
        }

        private void saveAndNext() {
            save(current);
            next();
        }

        private boolean currIsNewline() {
            return current == '\n' || current == '\r';
        }

        private void incLineNumber() {
            int old = current;
            next();
            if (currIsNewline() && current != old) next();
            ++linenumber;
        }

        SyntaxError error(String msg, int tok) {
            String m = chunkId + ":" + linenumber + ": " + msg;
            if (tok != 0) m = m + " near '" + txtToken(tok) + "'";
            return new SyntaxError(m);
        }

        String txtToken(int tok) {
            if (tok == NAME || tok == STRING || tok == NUMBER) return buff.toString();
            return token2str(tok);
        }

        /** luaX_next. */
        void advance() {
            lastline = linenumber;
            if (hasLookahead) {
                hasLookahead = false;
                token = lookahead;
                tokenText = lookaheadText;
                buff.setLength(0);
                buff.append(lookaheadText);
            } else {
                token = lex();
                tokenText = buff.toString();
            }
        }

        int peek() {
            String saved = buff.toString();
            lookahead = lex();
            lookaheadText = buff.toString();
            hasLookahead = true;
            buff.setLength(0);
            buff.append(saved);
            return lookahead;
        }

        private int skipSep() {
            int count = 0;
            int s = current;
            saveAndNext();
            while (current == '=') {
                saveAndNext();
                count++;
            }
            return current == s ? count : (-count) - 1;
        }

        private void readLongString(boolean isString, int sep) {
            saveAndNext(); // skip 2nd '['
            if (currIsNewline()) incLineNumber();
            while (true) {
                switch (current) {
                    case -1:
                        throw error(isString ? "unfinished long string" : "unfinished long comment", EOS);
                    case '[':
                        if (skipSep() == sep) {
                            saveAndNext();
                            if (sep == 0) throw error("nesting of [[...]] is deprecated", '[');
                        }
                        break;
                    case ']':
                        if (skipSep() == sep) {
                            saveAndNext();
                            return;
                        }
                        break;
                    case '\n':
                    case '\r':
                        save('\n');
                        incLineNumber();
                        if (!isString) buff.setLength(0);
                        break;
                    default:
                        if (isString) saveAndNext();
                        else next();
                }
            }
        }

        private void readString(int del) {
            saveAndNext();
            while (current != del) {
                switch (current) {
                    case -1:
                        throw error("unfinished string", EOS);
                    case '\n':
                    case '\r':
                        throw error("unfinished string", STRING);
                    case '\\': {
                        next();
                        switch (current) {
                            case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v':
                                save("\u0007\b\f\n\r\t\u000b".charAt("abfnrtv".indexOf(current)));
                                next();
                                continue;
                            case '\n':
                            case '\r':
                                save('\n');
                                incLineNumber();
                                continue;
                            case -1:
                                continue; // will raise an error next loop
                            default:
                                if (!isDigit(current)) {
                                    saveAndNext();
                                } else {
                                    int i = 0, c = 0;
                                    do {
                                        c = 10 * c + (current - '0');
                                        next();
                                    } while (++i < 3 && isDigit(current));
                                    if (c > 255) throw error("escape sequence too large", STRING);
                                    save(c);
                                }
                                continue;
                        }
                    }
                    default:
                        saveAndNext();
                }
            }
            saveAndNext();
        }

        private static boolean isDigit(int c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isAlpha(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isAlnum(int c) {
            return isAlpha(c) || isDigit(c);
        }

        private void readNumeral() {
            do {
                saveAndNext();
            } while (isDigit(current) || current == '.');
            if (current == 'E' || current == 'e') {
                saveAndNext();
                if (current == '+' || current == '-') saveAndNext();
            }
            while (isAlnum(current) || current == '_') saveAndNext();
            if (!validNumber(buff.toString())) throw error("malformed number", NUMBER);
        }

        /** luaO_str2d: strtod, or a hexadecimal integer after "0x", with only spaces after. */
        static boolean validNumber(String s) {
            String t = s;
            int i = 0;
            int n = t.length();
            // strtod prefix (decimal)
            int start = i;
            boolean digits = false;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                digits = true;
            }
            if (i < n && t.charAt(i) == '.') {
                i++;
                while (i < n && isDigit(t.charAt(i))) {
                    i++;
                    digits = true;
                }
            }
            if (!digits) return false;
            if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
                int j = i + 1;
                if (j < n && (t.charAt(j) == '+' || t.charAt(j) == '-')) j++;
                if (j < n && isDigit(t.charAt(j))) {
                    while (j < n && isDigit(t.charAt(j))) j++;
                    i = j;
                }
            }
            if (i < n && (t.charAt(i) == 'x' || t.charAt(i) == 'X') && i == start + 1 && t.charAt(start) == '0') {
                // glibc strtod reads hexadecimal numbers, fractions and binary exponents ("0x1p4").
                int j = i + 1;
                boolean hexDigits = false;
                while (j < n && Character.digit(t.charAt(j), 16) >= 0) {
                    j++;
                    hexDigits = true;
                }
                if (j < n && t.charAt(j) == '.') {
                    j++;
                    while (j < n && Character.digit(t.charAt(j), 16) >= 0) {
                        j++;
                        hexDigits = true;
                    }
                }
                if (!hexDigits) return false;
                if (j < n && (t.charAt(j) == 'p' || t.charAt(j) == 'P')) {
                    int e = j + 1;
                    if (e < n && (t.charAt(e) == '+' || t.charAt(e) == '-')) e++;
                    if (e < n && isDigit(t.charAt(e))) {
                        while (e < n && isDigit(t.charAt(e))) e++;
                        j = e;
                    }
                }
                i = j;
            }
            return i == n;
        }

        private int lex() {
            buff.setLength(0);
            while (true) {
                switch (current) {
                    case '\n':
                    case '\r':
                        incLineNumber();
                        continue;
                    case '-': {
                        next();
                        if (current != '-') return '-';
                        next();
                        if (current == '[') {
                            int sep = skipSep();
                            buff.setLength(0);
                            if (sep >= 0) {
                                readLongString(false, sep);
                                buff.setLength(0);
                                continue;
                            }
                        }
                        while (!currIsNewline() && current != -1) next();
                        continue;
                    }
                    case '[': {
                        int sep = skipSep();
                        if (sep >= 0) {
                            readLongString(true, sep);
                            return STRING;
                        } else if (sep == -1) {
                            return '[';
                        } else {
                            throw error("invalid long string delimiter", STRING);
                        }
                    }
                    case '=':
                        next();
                        if (current != '=') return '=';
                        next();
                        return EQ;
                    case '<':
                        next();
                        if (current != '=') return '<';
                        next();
                        return LE;
                    case '>':
                        next();
                        if (current != '=') return '>';
                        next();
                        return GE;
                    case '~':
                        next();
                        if (current != '=') return '~';
                        next();
                        return NE;
                    case '"':
                    case '\'':
                        readString(current);
                        return STRING;
                    case '.':
                        saveAndNext();
                        if (current == '.') {
                            saveAndNext();
                            if (current == '.') {
                                saveAndNext();
                                return DOTS;
                            }
                            return CONCAT;
                        }
                        if (!isDigit(current)) return '.';
                        readNumeral();
                        return NUMBER;
                    case -1:
                        return EOS;
                    default:
                        if (current == ' ' || current == '\t' || current == 0x0B || current == '\f') {
                            next();
                            continue;
                        }
                        if (isDigit(current)) {
                            readNumeral();
                            return NUMBER;
                        }
                        if (isAlpha(current) || current == '_') {
                            do {
                                saveAndNext();
                            } while (isAlnum(current) || current == '_');
                            String w = buff.toString();
                            for (int i = 0; i < 21; i++) if (TOKENS[i].equals(w)) return FIRST_RESERVED + i;
                            return NAME;
                        }
                        int c = current;
                        next();
                        return c;
                }
            }
        }
    }

    // ---- parser --------------------------------------------------------------------------------------

    /** Expression kinds that matter for syntax: assignable, call, or other. */
    enum Kind { VAR, CALL, OTHER, NIL }

    static final class Parser {
        final Lexer ls;
        final List<Boolean> varargStack = new ArrayList<>();
        int loopDepth;
        final List<Integer> loopStack = new ArrayList<>();
        int nCcalls;
        final Zeros root = new Zeros();
        Zeros zeros = root;
        /** The value of the expression just parsed if it is a numeral or folds to one (VKNUM), else null. */
        Double constant;
        /** The value of the parenthesized expression prefixexp just read, else null. */
        Double parenConstant;

        Parser(Lexer ls) {
            this.ls = ls;
        }

        SyntaxError syntaxError(String msg) {
            return ls.error(msg, ls.token);
        }

        void errorExpected(int token) {
            throw syntaxError("'" + token2str(token) + "' expected");
        }

        boolean testnext(int c) {
            if (ls.token == c) {
                ls.advance();
                return true;
            }
            return false;
        }

        void check(int c) {
            if (ls.token != c) errorExpected(c);
        }

        void checknext(int c) {
            check(c);
            ls.advance();
        }

        void checkMatch(int what, int who, int where) {
            if (!testnext(what)) {
                if (where == ls.linenumber) errorExpected(what);
                throw syntaxError("'" + token2str(what) + "' expected (to close '" + token2str(who) + "' at line " + where + ")");
            }
        }

        void checkName() {
            check(NAME);
            ls.advance();
        }

        void enterLevel() {
            if (++nCcalls > 200) throw ls.error("chunk has too many syntax levels", 0);
        }

        void leaveLevel() {
            nCcalls--;
        }

        void chunkMain(boolean vararg) {
            ls.advance();
            varargStack.add(vararg);
            loopStack.add(0);
            chunk();
            check(EOS);
        }

        static boolean blockFollow(int token) {
            return token == ELSE || token == ELSEIF || token == END || token == UNTIL || token == EOS;
        }

        void chunk() {
            boolean islast = false;
            enterLevel();
            while (!islast && !blockFollow(ls.token)) {
                islast = statement();
                testnext(';');
            }
            leaveLevel();
        }

        void block() {
            chunk();
        }

        int loops() {
            return loopStack.get(loopStack.size() - 1);
        }

        void enterLoop() {
            loopStack.set(loopStack.size() - 1, loops() + 1);
        }

        void leaveLoop() {
            loopStack.set(loopStack.size() - 1, loops() - 1);
        }

        boolean statement() {
            int line = ls.linenumber;
            switch (ls.token) {
                case IF:
                    ifstat(line);
                    return false;
                case WHILE:
                    ls.advance();
                    cond();
                    enterLoop();
                    checknext(DO);
                    block();
                    checkMatch(END, WHILE, line);
                    leaveLoop();
                    return false;
                case DO:
                    ls.advance();
                    block();
                    checkMatch(END, DO, line);
                    return false;
                case FOR:
                    forstat(line);
                    return false;
                case REPEAT:
                    ls.advance();
                    enterLoop();
                    chunk();
                    checkMatch(UNTIL, REPEAT, line);
                    cond();
                    leaveLoop();
                    return false;
                case FUNCTION:
                    ls.advance();
                    boolean method = funcname();
                    body(method, line);
                    return false;
                case LOCAL:
                    ls.advance();
                    if (testnext(FUNCTION)) {
                        checkName();
                        body(false, ls.linenumber);
                    } else {
                        localstat();
                    }
                    return false;
                case RETURN:
                    ls.advance();
                    if (!blockFollow(ls.token) && ls.token != ';') explist1();
                    return true;
                case BREAK:
                    ls.advance();
                    if (loops() == 0) throw syntaxError("no loop to break");
                    return true;
                default:
                    exprstat();
                    return false;
            }
        }

        void ifstat(int line) {
            testThenBlock();
            while (ls.token == ELSEIF) testThenBlock();
            if (testnext(ELSE)) block();
            checkMatch(END, IF, line);
        }

        void testThenBlock() {
            ls.advance();
            cond();
            checknext(THEN);
            block();
        }

        void forstat(int line) {
            ls.advance();
            checkName();
            switch (ls.token) {
                case '=':
                    ls.advance();
                    expr();
                    checknext(',');
                    expr();
                    if (testnext(',')) expr();
                    forbody();
                    break;
                case ',':
                case IN:
                    while (testnext(',')) checkName();
                    checknext(IN);
                    explist1();
                    forbody();
                    break;
                default:
                    throw syntaxError("'=' or 'in' expected");
            }
            checkMatch(END, FOR, line);
        }

        void forbody() {
            checknext(DO);
            enterLoop();
            block();
            leaveLoop();
        }

        boolean funcname() {
            checkName();
            while (ls.token == '.') {
                ls.advance();
                checkName();
            }
            if (ls.token == ':') {
                ls.advance();
                checkName();
                return true;
            }
            return false;
        }

        void localstat() {
            do {
                checkName();
            } while (testnext(','));
            if (testnext('=')) explist1();
        }

        void exprstat() {
            Kind k = primaryexp();
            if (k == Kind.CALL) return;
            assignment(k);
        }

        void assignment(Kind k) {
            if (k != Kind.VAR) throw syntaxError("syntax error");
            if (testnext(',')) {
                Kind nk = primaryexp();
                assignment(nk);
            } else {
                checknext('=');
                explist1();
            }
        }

        void body(boolean method, int line) {
            checknext('(');
            boolean vararg = false;
            if (ls.token != ')') {
                do {
                    switch (ls.token) {
                        case NAME:
                            ls.advance();
                            break;
                        case DOTS:
                            ls.advance();
                            vararg = true;
                            break;
                        default:
                            throw syntaxError("<name> or '...' expected");
                    }
                } while (!vararg && testnext(','));
            }
            checknext(')');
            varargStack.add(vararg);
            loopStack.add(0);
            Zeros outer = zeros;
            zeros = new Zeros();
            outer.children.add(zeros);
            chunk();
            zeros = outer;
            checkMatch(END, FUNCTION, line);
            varargStack.remove(varargStack.size() - 1);
            loopStack.remove(loopStack.size() - 1);
        }

        void explist1() {
            expr();
            while (testnext(',')) expr();
        }

        Kind primaryexp() {
            parenConstant = null;
            Kind k = prefixexp();
            Double paren = parenConstant;
            while (true) {
                if (ls.token == '.' || ls.token == '[' || ls.token == ':' || ls.token == '(' || ls.token == STRING
                        || ls.token == '{') {
                    paren = null;
                }
                switch (ls.token) {
                    case '.':
                        ls.advance();
                        checkName();
                        k = Kind.VAR;
                        break;
                    case '[':
                        ls.advance();
                        expr();
                        checknext(']');
                        k = Kind.VAR;
                        break;
                    case ':':
                        ls.advance();
                        checkName();
                        funcargs();
                        k = Kind.CALL;
                        break;
                    case '(':
                    case STRING:
                    case '{':
                        funcargs();
                        k = Kind.CALL;
                        break;
                    default:
                        constant = paren;
                        return k;
                }
            }
        }

        Kind prefixexp() {
            switch (ls.token) {
                case '(': {
                    int line = ls.linenumber;
                    ls.advance();
                    subexpr(0); // its value goes on to the enclosing expression, which may fold it
                    Double inner = constant;
                    checkMatch(')', '(', line);
                    parenConstant = inner;
                    return Kind.OTHER;
                }
                case NAME:
                    ls.advance();
                    return Kind.VAR;
                default:
                    throw syntaxError("unexpected symbol");
            }
        }

        void funcargs() {
            int line = ls.linenumber;
            switch (ls.token) {
                case '(':
                    if (line != ls.lastline) throw syntaxError("ambiguous syntax (function call x new statement)");
                    ls.advance();
                    if (ls.token != ')') explist1();
                    checkMatch(')', '(', line);
                    break;
                case '{':
                    constructor();
                    break;
                case STRING:
                    ls.advance();
                    break;
                default:
                    throw syntaxError("function arguments expected");
            }
        }

        void constructor() {
            int line = ls.linenumber;
            checknext('{');
            do {
                if (ls.token == '}') break;
                switch (ls.token) {
                    case NAME:
                        if (ls.peek() != '=') {
                            expr();
                        } else {
                            ls.advance();
                            checknext('=');
                            expr();
                        }
                        break;
                    case '[':
                        ls.advance();
                        expr();
                        checknext(']');
                        checknext('=');
                        expr();
                        break;
                    default:
                        expr();
                        break;
                }
            } while (testnext(',') || testnext(';'));
            checkMatch('}', '{', line);
        }

        void simpleexp() {
            constant = null;
            switch (ls.token) {
                case NUMBER:
                    constant = Libraries.str2d(ls.tokenText.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), true);
                    ls.advance();
                    return;
                case STRING:
                case NIL:
                case TRUE:
                case FALSE:
                    ls.advance();
                    return;
                case DOTS:
                    if (!varargStack.get(varargStack.size() - 1)) {
                        throw syntaxError("cannot use '...' outside a vararg function");
                    }
                    ls.advance();
                    return;
                case '{':
                    constructor();
                    constant = null;
                    return;
                case FUNCTION: {
                    ls.advance();
                    body(false, ls.linenumber);
                    constant = null;
                    return;
                }
                default:
                    primaryexp();
            }
        }

        /** A constant expression that is not folded further: Lua 5.1 may emit it as a constant. */
        void emitted(Double v) {
            if (v == null || v != 0 || zeros.firstNegative != null) return;
            zeros.firstNegative = Double.doubleToRawLongBits(v) != 0;
        }

        /** lcode.c constfolding on two numerals, or null where it does not fold. */
        static Double fold(int op, double a, double b) {
            double r;
            switch (op) {
                case '+': r = a + b; break;
                case '-': r = a - b; break;
                case '*': r = a * b; break;
                case '/': if (b == 0) return null; r = a / b; break;
                case '%': if (b == 0) return null; r = a - Math.floor(a / b) * b; break;
                case '^': r = LuaNumbers.pow(a, b); break;
                default: return null;
            }
            return Double.isNaN(r) ? null : r;
        }

        static boolean arithmetic(int op) {
            return op == '+' || op == '-' || op == '*' || op == '/' || op == '%' || op == '^';
        }

        static int binaryPriorityLeft(int op) {
            switch (op) {
                case '+': case '-': return 6;
                case '*': case '/': case '%': return 7;
                case '^': return 10;
                case CONCAT: return 5;
                case NE: case EQ: case '<': case LE: case '>': case GE: return 3;
                case AND: return 2;
                case OR: return 1;
                default: return -1;
            }
        }

        static int binaryPriorityRight(int op) {
            switch (op) {
                case '+': case '-': return 6;
                case '*': case '/': case '%': return 7;
                case '^': return 9;
                case CONCAT: return 4;
                case NE: case EQ: case '<': case LE: case '>': case GE: return 3;
                case AND: return 2;
                case OR: return 1;
                default: return -1;
            }
        }

        void expr() {
            subexpr(0);
            emitted(constant);
        }

        /** The condition of if, elseif, while, until (lparser.c cond): a numeral there is tested at compile time, not emitted. */
        void cond() {
            subexpr(0);
        }

        /** Parses a subexpression; {@link #constant} is then its value if it is a (folded) numeral. */
        int subexpr(int limit) {
            enterLevel();
            Double c;
            if (ls.token == NOT || ls.token == '-' || ls.token == '#') {
                int uop = ls.token;
                ls.advance();
                subexpr(8);
                Double operand = constant;
                if (uop == '-' && operand != null) {
                    c = Double.longBitsToDouble(Double.doubleToRawLongBits(operand) ^ Long.MIN_VALUE);
                } else {
                    if (uop == '#') emitted(operand); // OP_LEN is not folded: its operand is a constant
                    c = null;
                }
            } else {
                simpleexp();
                c = constant;
            }
            int op = ls.token;
            while (binaryPriorityLeft(op) > limit) {
                ls.advance();
                if (!arithmetic(op)) {
                    // a comparison, concatenation or 'or' takes its left operand as it is; 'and' tests a
                    // numeral at compile time (luaK_goiftrue: always true, no code)
                    if (op != AND) emitted(c);
                    c = null;
                }
                int next = subexpr(binaryPriorityRight(op));
                Double r = constant;
                if (arithmetic(op) && c != null && r != null) {
                    Double f = fold(op, c, r);
                    if (f == null) {
                        // codearith makes the right operand a constant before the left one
                        emitted(r);
                        emitted(c);
                    }
                    c = f;
                } else {
                    emitted(c);
                    emitted(r);
                    c = null;
                }
                op = next;
            }
            leaveLevel();
            constant = c;
            return op;
        }
    }
}

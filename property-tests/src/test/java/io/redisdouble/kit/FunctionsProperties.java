package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

import java.util.List;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.word;

/**
 * Functions (7.0): FUNCTION LOAD [REPLACE] of a pool of libraries (good ones, and ones whose shebang,
 * registration or code is wrong), FCALL / FCALL_RO with generated keys and arguments (wrong numkeys,
 * unknown and case-changed names, write functions through FCALL_RO), FUNCTION DELETE, FUNCTION LIST of
 * one library by name, FUNCTION STATS, and the data
 * the functions read and write. On 6.2 every one of these is an unknown command on both sides, still
 * compared.
 *
 * <p>Left out on purpose: FUNCTION LIST / DUMP of several libraries and libraries with several
 * functions in LIST (Redis orders them by a dict with a random hash seed), FUNCTION KILL and long
 * functions (BUSY), FUNCTION LOAD's 500 ms timeout.
 *
 * <p>Every case starts by deleting the pool's libraries on both servers ({@link #deleteLibraries}):
 * FLUSHALL keeps libraries.
 */
@Family(value = "functions", weight = 2)
class FunctionsProperties {

    /** Library name -> code. Several register the same function names, so loads collide. */
    static final List<String[]> LIBRARIES = List.of(
            new String[] {"lock", "#!lua name=lock\n"
                    + "redis.register_function('unlock', function(keys, args)\n"
                    + "  if redis.call('get', keys[1]) == args[1] then return redis.call('del', keys[1]) end\n"
                    + "  return 0\nend)"},
            new String[] {"lock", "#!lua name=lock\n"
                    + "redis.register_function{function_name='unlock', callback=function(keys, args) return redis.call('del', keys[1]) end}"},
            new String[] {"counters", "#!lua name=counters\n"
                    + "redis.register_function('incr_by', function(keys, args) return redis.call('incrby', keys[1], args[1]) end)"},
            new String[] {"readers", "#!lua name=readers\n"
                    + "redis.register_function{function_name='peek', callback=function(keys) return redis.call('get', keys[1]) end,"
                    + " flags={'no-writes'}, description='reads one key'}"},
            new String[] {"shapes", "#!lua name=shapes\n"
                    + "redis.register_function{function_name='shape', callback=function(keys, args)\n"
                    + "  return {#keys, #args, tonumber(args[1]) or args[1], {true, false}, {ok='fine'}}\nend, flags={'no-writes', 'allow-oom'}}"},
            new String[] {"errors", "#!lua name=errors\n"
                    + "redis.register_function('fail', function(keys, args) return redis.call('hset', keys[1]) end)"},
            new String[] {"errors", "#!lua name=errors\n"
                    + "redis.register_function{function_name='fail', callback=function(keys, args) return redis.pcall('lpush', keys[1], args[1]) end, flags={'no-writes'}}"},
            new String[] {"clash", "#!lua name=clash\nredis.register_function('PEEK', function() return 1 end)"},
            new String[] {"nofn", "#!lua name=nofn\nlocal x = 1"},
            new String[] {"badflag", "#!lua name=badflag\nredis.register_function{function_name='b', callback=function() end, flags={'nope'}}"},
            new String[] {"noname", "#!lua\nredis.register_function('n', function() end)"},
            new String[] {"syntax", "#!lua name=syntax\nredis.register_function('s', function() return end end)"},
            new String[] {"global", "#!lua name=global\nredis.register_function('g', function() x = 1 end)"});

    static final List<String> FUNCTIONS = List.of("unlock", "incr_by", "peek", "PEEK", "shape", "fail", "g", "nosuch");

    static Arbitrary<String> key() {
        return Arbitraries.of("k1", "k2");
    }

    static Arbitrary<String> val() {
        return Arbitraries.of("v1", "1", "10", "-3", "abc", "", "1.5", "9223372036854775807");
    }

    static Arbitrary<Cmd> fcall(String name) {
        return Arbitraries.of(FUNCTIONS).flatMap(f -> {
            Arbitrary<String> numkeys = Arbitraries.frequency(Tuple.of(10, "1"), Tuple.of(1, "0"), Tuple.of(1, "-1"),
                    Tuple.of(1, "5"), Tuple.of(1, "x"));
            return Unmemoized.of(cmd(word(name), f, numkeys, key(), val().list().ofMaxSize(2)));
        });
    }

    static Arbitrary<Cmd> load() {
        return Arbitraries.of(LIBRARIES).flatMap(l -> Unmemoized.of(Gen.frequencyOf(
                Tuple.of(3, cmd(word("FUNCTION"), word("LOAD"), l[1])),
                Tuple.of(2, cmd(word("FUNCTION"), word("LOAD"), word("REPLACE"), l[1])))));
    }

    static Arbitrary<Cmd> commands() {
        Arbitrary<String> library = Arbitraries.of("lock", "counters", "readers", "shapes", "errors", "nosuch");
        return Gen.frequencyOf(
                Tuple.of(6, load()),
                Tuple.of(8, fcall("FCALL")),
                Tuple.of(4, fcall("FCALL_RO")),
                Tuple.of(2, cmd(word("FUNCTION"), word("DELETE"), library)),
                Tuple.of(2, cmd(word("FUNCTION"), word("LIST"), word("LIBRARYNAME"), library, Gen.maybe(Arbitraries.of("WITHCODE")))),
                Tuple.of(1, cmd(word("FUNCTION"), word("STATS"))),
                Tuple.of(1, cmd(word("FUNCTION"), word("FLUSH"), Gen.maybe(Arbitraries.of("ASYNC", "SYNC", "bad")))),
                Tuple.of(2, cmd(word("SET"), key(), val())),
                Tuple.of(1, cmd(word("GET"), key())),
                Tuple.of(1, cmd(word("HSET"), key(), word("f"), val())));
    }

    static ActionChainArbitrary<Duo> chains(int maxSteps) {
        return ActionChain.<Duo>startWith(() -> {
            Duo d = Duo.start();
            deleteLibraries(d);
            return d;
        }).withAction(new Action.Independent<Duo>() {
            @Override
            public Arbitrary<Transformer<Duo>> transformer() {
                return Gen.withArityMutations(commands(), 25).map(c -> Transformer.mutate(c.line(), c::run));
            }
        }).withMaxTransformations(maxSteps);
    }

    /** Every library name the pool can load. */
    static final List<String> LIBRARY_NAMES = LIBRARIES.stream().map(l -> l[0]).distinct().toList();

    /**
     * Deletes the pool's libraries on each server, uncompared (FUNCTION DELETE of one that is not
     * there is an error, ignored; on 6.2 FUNCTION is unknown). Not FUNCTION FLUSH: on 7.4 and 8.0 a
     * FLUSH after some failed calls crashes the server ({@link ReferenceCrash#FUNCTION_FLUSH_AFTER_BAD_CALL_ARGUMENT_7_4}),
     * and the kit leaves it out from then on.
     */
    static void deleteLibraries(Duo d) {
        for (io.redisdouble.testing.RawRedisClient c : d.connections(0)) {
            for (String name : LIBRARY_NAMES) {
                c.call("FUNCTION", "DELETE", name);
            }
        }
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> functionChains() {
        return chains(20);
    }

    /** Libraries and function calls, compared byte for byte. */
    @Property
    void functions(@ForAll("protocol") int protocol, @ForAll("functionChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}

package io.redisdouble.spring.demo;

/** Lettuce on real Redis 7.0.15: the reference for {@link LettuceOnDoubleTest}. */
class LettuceOnRealRedisTest extends OnRealRedisScenarios {
}

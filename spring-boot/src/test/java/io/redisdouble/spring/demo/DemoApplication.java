package io.redisdouble.spring.demo;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small application that uses Redis only through Spring Boot's auto-configuration: a
 * {@code StringRedisTemplate} ({@link TokenLock}) and a Spring Data repository ({@link CartRepository}).
 * It has no Redis configuration: the tests run it against redis-double ({@code @AutoConfigureRedisDouble})
 * and against real Redis (host and port as properties), with the same assertions.
 */
@SpringBootApplication
public class DemoApplication {
}

package io.redisdouble.spring.demo;

import org.springframework.data.annotation.Id;
import org.springframework.data.redis.core.RedisHash;
import org.springframework.data.redis.core.TimeToLive;

import java.util.List;

/** A shopping cart kept in a Redis hash that expires after {@code ttlSeconds}. */
@RedisHash("carts")
public class Cart {
    @Id
    private String id;
    private List<String> items;
    @TimeToLive
    private Long ttlSeconds;

    public Cart() {}

    public Cart(String id, List<String> items, long ttlSeconds) {
        this.id = id;
        this.items = items;
        this.ttlSeconds = ttlSeconds;
    }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public List<String> getItems() { return items; }
    public void setItems(List<String> items) { this.items = items; }
    public Long getTtlSeconds() { return ttlSeconds; }
    public void setTtlSeconds(Long ttlSeconds) { this.ttlSeconds = ttlSeconds; }
}

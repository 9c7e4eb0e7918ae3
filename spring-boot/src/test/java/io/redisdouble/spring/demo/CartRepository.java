package io.redisdouble.spring.demo;

import org.springframework.data.repository.CrudRepository;

/** Found and implemented by Boot's Redis repositories auto-configuration. */
public interface CartRepository extends CrudRepository<Cart, String> {
}

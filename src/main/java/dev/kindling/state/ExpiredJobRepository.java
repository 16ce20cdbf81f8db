package dev.kindling.state;

/** Reads the tombstones of expired jobs. */
public interface ExpiredJobRepository extends ReadOnlyRepository<ExpiredJobEntity, String> {

}

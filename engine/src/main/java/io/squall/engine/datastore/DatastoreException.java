package io.squall.engine.datastore;

/** A datastore operation that cannot be done as asked; the message says why and names the key. */
public class DatastoreException extends RuntimeException {
    public DatastoreException(String message) {
        super(message);
    }
}

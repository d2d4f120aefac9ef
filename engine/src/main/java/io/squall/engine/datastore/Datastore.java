package io.squall.engine.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.api.v1alpha1.Names;
import io.squall.engine.template.KvLookup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * StackStorm's datastore over a {@link KvBucket}: per-namespace keys in the scopes {@code system} and {@code user},
 * per-key TTL kept with the value (an expired key reads as missing; {@link #sweepExpired} deletes them), secrets
 * encrypted with a {@link SecretCipher} and shown as {@code ********} unless read with decrypt, compare-and-set on
 * the revision, and an atomic increment. A write that names its writer (an Execution attempt) and finds that writer's
 * own record in place returns it instead of writing again, so an attempt repeated after a crash applies once.
 */
public final class Datastore {
    /** Compare-and-set retries of an increment under contention before it gives up. */
    private static final int INCREMENT_TRIES = 100;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final KvBucket bucket;
    private final Supplier<SecretCipher> cipher;
    private final Clock clock;

    /** @param cipher null when no encryption key is configured: secret keys can then be neither written nor read */
    public Datastore(KvBucket bucket, SecretCipher cipher, Clock clock) {
        this(bucket, () -> cipher, clock);
    }

    /** @param cipher asked when a secret is first written or read (the key may live elsewhere); null: none */
    public Datastore(KvBucket bucket, Supplier<SecretCipher> cipher, Clock clock) {
        this.bucket = bucket;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Where a key is: namespace, scope and (for the user scope) user. */
    public record Place(String namespace, KvScope scope, String user) {
        public static Place system(String namespace) {
            return new Place(namespace, KvScope.SYSTEM, null);
        }

        String prefix() {
            return KvKeys.scopePrefix(namespace, scope, user);
        }

        String key(String name) {
            return KvKeys.storageKey(namespace, scope, user, name);
        }
    }

    /** What templates read: the namespace's keys; the user scope of {@code user} (none when null). */
    public KvLookup lookup(String namespace, String user) {
        return (scope, name) -> {
            if (scope == KvScope.USER && (user == null || user.isEmpty())) {
                return Optional.empty();
            }
            Place place = new Place(namespace, scope, user);
            return read(place, name)
                    .map(r -> new KvValue(
                            r.record().encrypted()
                                    ? TextNode.valueOf(decrypt(r, place.key(name), name))
                                    : r.record().value(),
                            r.record().encrypted()));
        };
    }

    public Optional<KvEntry> get(Place place, String name, boolean decrypt) {
        return read(place, name).map(r -> entry(place, name, r, decrypt));
    }

    /**
     * Sets a key. {@code expectRevision}: null writes whatever is there; 0 only creates; n only replaces revision n.
     *
     * @throws DatastoreException when the revision does not match (naming both), or a secret cannot be encrypted
     */
    public KvEntry set(
            Place place,
            String name,
            JsonNode value,
            Duration ttl,
            boolean secret,
            Long expectRevision,
            String writer) {
        String key = place.key(name);
        Optional<Read> current = readRaw(key);
        if (writer != null
                && current.isPresent()
                && writer.equals(current.get().record().writer())) {
            return entry(place, name, current.get(), false); // this attempt's own write, made before a restart
        }
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new DatastoreException("core.kv-set of '" + name + "': a value is required");
        }
        JsonNode stored =
                secret ? TextNode.valueOf(encrypt(value.isTextual() ? value.asText() : value.toString(), key)) : value;
        KvRecord record = KvRecord.of(stored, secret, expiry(ttl), writer);
        long revision;
        try {
            if (expectRevision == null) {
                revision = bucket.put(key, record.toBytes());
            } else if (expectRevision == 0) {
                if (live(current).isPresent()) {
                    throw mismatch(name, 0, current);
                }
                // an expired key is replaced where it is, a deleted or new one created
                revision = current.isPresent()
                        ? bucket.update(key, record.toBytes(), current.get().revision())
                        : bucket.create(key, record.toBytes());
            } else {
                revision = bucket.update(key, record.toBytes(), expectRevision);
            }
        } catch (KvBucket.RevisionMismatch e) {
            throw mismatch(name, expectRevision, readRaw(key));
        }
        return entry(place, name, new Read(record, revision), false);
    }

    /** Adds {@code delta} to an integer key atomically (a missing key counts as 0); returns the new entry. */
    public KvEntry increment(Place place, String name, long delta, Duration ttl, String writer) {
        String key = place.key(name);
        for (int i = 0; i < INCREMENT_TRIES; i++) {
            Optional<Read> current = readRaw(key);
            if (writer != null
                    && current.isPresent()
                    && writer.equals(current.get().record().writer())) {
                return entry(place, name, current.get(), false);
            }
            Optional<Read> live = live(current);
            if (live.isPresent() && live.get().record().encrypted()) {
                throw new DatastoreException(
                        "core.kv-incr of '" + name + "': the key is a secret; it cannot be counted");
            }
            JsonNode old = live.map(r -> r.record().value()).orElse(null);
            long sum = Math.addExact(integer(name, old), delta);
            // keep the stored type: StackStorm's values are strings, typed JSON numbers stay numbers
            JsonNode next =
                    old != null && old.isNumber() ? NODES.numberNode(sum) : TextNode.valueOf(Long.toString(sum));
            Instant expiresAt = ttl != null
                    ? expiry(ttl)
                    : live.map(r -> r.record().expiry()).orElse(null);
            KvRecord record = KvRecord.of(next, false, expiresAt, writer);
            try {
                long revision = current.isPresent()
                        ? bucket.update(key, record.toBytes(), current.get().revision())
                        : bucket.create(key, record.toBytes());
                return entry(place, name, new Read(record, revision), false);
            } catch (KvBucket.RevisionMismatch e) {
                // another writer went first: read again and add to its value
            }
        }
        throw new DatastoreException("core.kv-incr of '" + name + "': " + INCREMENT_TRIES
                + " concurrent writers changed it first every time; try again");
    }

    /** Deletes a key; false when it did not exist (or had expired). */
    public boolean delete(Place place, String name, Long expectRevision) {
        String key = place.key(name);
        Optional<Read> current = readRaw(key);
        if (live(current).isEmpty()) {
            return false;
        }
        try {
            bucket.delete(key, expectRevision);
        } catch (KvBucket.RevisionMismatch e) {
            throw mismatch(name, expectRevision == null ? 0 : expectRevision, readRaw(key));
        }
        return true;
    }

    /** The live keys of a scope whose names start with {@code prefix}, by name. */
    public List<KvEntry> list(Place place, String prefix, boolean decrypt) {
        String scopePrefix = place.prefix();
        List<KvEntry> out = new ArrayList<>();
        for (String key : bucket.keys(KvKeys.filter(scopePrefix, prefix))) {
            Optional<String> name = KvKeys.keyOf(key, scopePrefix);
            if (name.isEmpty() || prefix != null && !name.get().startsWith(prefix)) {
                continue;
            }
            live(readRaw(key)).ifPresent(r -> out.add(entry(place, name.get(), r, decrypt)));
        }
        out.sort(Comparator.comparing(KvEntry::name));
        return out;
    }

    /** Deletes every expired key of the bucket (each only if nobody rewrote it meanwhile); returns how many. */
    public int sweepExpired() {
        Instant now = clock.instant();
        int deleted = 0;
        for (String key : bucket.keys(KvKeys.ALL)) {
            Optional<Read> current = readRaw(key);
            if (current.isPresent() && current.get().record().isExpired(now)) {
                try {
                    bucket.delete(key, current.get().revision());
                    deleted++;
                } catch (KvBucket.RevisionMismatch e) {
                    // rewritten since it was read: no longer expired
                }
            }
        }
        return deleted;
    }

    private record Read(KvRecord record, long revision) {}

    private Optional<Read> read(Place place, String name) {
        return live(readRaw(place.key(name)));
    }

    private Optional<Read> readRaw(String key) {
        return bucket.get(key).map(s -> new Read(KvRecord.fromBytes(s.value()), s.revision()));
    }

    private Optional<Read> live(Optional<Read> read) {
        Instant now = clock.instant();
        return read.filter(r -> !r.record().isExpired(now));
    }

    private KvEntry entry(Place place, String name, Read read, boolean decrypt) {
        KvRecord record = read.record();
        JsonNode value = !record.encrypted()
                ? record.value()
                : decrypt ? TextNode.valueOf(decrypt(read, place.key(name), name)) : TextNode.valueOf(Names.MASK);
        return new KvEntry(name, place.scope(), value, record.encrypted(), record.expiry(), read.revision());
    }

    private String decrypt(Read read, String storageKey, String name) {
        SecretCipher cipher = this.cipher.get();
        if (cipher == null) {
            throw new DatastoreException("datastore key '" + name + "' is a secret and this operator has no "
                    + "encryption key (squall.datastore.encryption-key or squall.datastore.key-secret)");
        }
        try {
            return cipher.decrypt(read.record().value().asText(), storageKey);
        } catch (IllegalArgumentException e) {
            throw new DatastoreException("datastore key '" + name + "' cannot be decrypted: " + e.getMessage());
        }
    }

    private String encrypt(String plaintext, String storageKey) {
        SecretCipher cipher = this.cipher.get();
        if (cipher == null) {
            throw new DatastoreException("secret datastore values need an encryption key, and this operator has none "
                    + "(squall.datastore.encryption-key or squall.datastore.key-secret)");
        }
        return cipher.encrypt(plaintext, storageKey);
    }

    private Instant expiry(Duration ttl) {
        if (ttl == null || ttl.isZero()) {
            return null;
        }
        if (ttl.isNegative()) {
            throw new DatastoreException("ttl must be a positive number of seconds, not " + ttl.toSeconds());
        }
        return clock.instant().plus(ttl);
    }

    private static long integer(String name, JsonNode value) {
        if (value == null) {
            return 0;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new DatastoreException("core.kv-incr of '" + name + "': its value " + value + " is not an integer");
    }

    private static DatastoreException mismatch(String name, long expected, Optional<Read> current) {
        return new DatastoreException("datastore key '" + name + "' was not written: expect_revision " + expected
                + " but " + current.map(r -> "its revision is " + r.revision()).orElse("it does not exist"));
    }
}

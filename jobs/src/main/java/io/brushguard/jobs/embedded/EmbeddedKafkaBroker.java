package io.brushguard.jobs.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real, single-node Apache Kafka broker running inside this JVM, for the {@code demo} command and
 * for end-to-end tests (where Docker, and so Testcontainers, is not available).
 *
 * <p>The node runs in KRaft combined mode: one process is both broker and the sole controller of a
 * dynamic ("standalone") quorum. {@link #start(Path)} formats a fresh storage directory exactly as
 * {@code kafka-storage format --standalone} would (meta.properties plus the bootstrap metadata
 * snapshot), starts the server and returns once the broker answers admin requests.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>It listens only on {@code 127.0.0.1}, on two free ports chosen at start (one for clients,
 *       one for the controller); {@link #bootstrapServers()} says where.
 *   <li>Its log lives in {@code dataDir/}{@value #LOG_DIR_NAME}, which must not exist yet: every
 *       start is a new, empty cluster. The caller owns {@code dataDir}; {@link #close()} stops the
 *       broker and deletes nothing.
 *   <li>It is configured for exactly-once pipelines on a single node: the internal topics have
 *       replication factor 1 and min ISR 1, the initial consumer-group rebalance delay is zero, and
 *       transactions may last up to {@link #TRANSACTION_MAX_TIMEOUT}. Topics are never created
 *       automatically; use {@link #createTopics(int, String...)}.
 *   <li>It is sized for a small (2-core) machine: few threads, small segments and buffers.
 * </ul>
 *
 * <p>The broker shares the JVM with its caller. A fatal fault while starting (such as a port taken
 * by another process) is turned into an exception from {@link #start(Path)} instead of Kafka's
 * usual halt of the process; after start, a fatal broker fault still halts the JVM, as it would
 * halt a stand-alone broker. Starts are serialised JVM-wide (they swap Kafka's global exit hooks),
 * and brokers in one JVM share Kafka's JVM-wide metrics registry, so prefer one at a time.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /**
     * The longest transaction the broker accepts ({@code transaction.max.timeout.ms}). A producer,
     * such as Flink's exactly-once Kafka sink, must set {@code transaction.timeout.ms} no higher
     * than this, or {@code initTransactions} fails. Flink's checkpoint interval plus the time to
     * recover must fit in it, or the broker aborts a transaction that Flink will later commit.
     */
    public static final Duration TRANSACTION_MAX_TIMEOUT = Duration.ofMinutes(15);

    /** The subdirectory of the caller's data directory that holds the broker's log. */
    public static final String LOG_DIR_NAME = "kraft-combined-logs";

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    /**
     * Free ports are found by binding port 0 and letting it go, so another process may take one
     * before the broker binds it. Such a start is retried on new ports.
     */
    private static final int START_ATTEMPTS = 3;

    private static final Object START_LOCK = new Object();

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats a new single-node cluster in {@code dataDir/}{@value #LOG_DIR_NAME}, starts it and
     * waits until it serves clients.
     *
     * @param dataDir a directory owned by the caller; created if absent. Its {@value #LOG_DIR_NAME}
     *     subdirectory must not exist.
     * @throws IllegalStateException if the log directory already exists, or the broker does not
     *     start within a minute
     */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        Path logDir = dataDir.toAbsolutePath().resolve(LOG_DIR_NAME);
        if (Files.exists(logDir)) {
            throw new IllegalStateException(
                    logDir + " already exists; an embedded broker needs a fresh directory");
        }
        RuntimeException lastBindFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int[] ports = freePorts(2);
            try {
                return startOnce(logDir, ports[0], ports[1]);
            } catch (RuntimeException e) {
                if (!isBindFailure(e) && !(isHalt(e) && anyInUse(ports))) {
                    throw e;
                }
                lastBindFailure = e;
                // The log directory was formatted by this method for the lost ports (the
                // controller's address is part of the bootstrap snapshot): start over from scratch.
                deleteRecursively(logDir);
            }
        }
        throw new IllegalStateException(
                "Could not bind the embedded Kafka broker after " + START_ATTEMPTS + " attempts",
                lastBindFailure);
    }

    /** The {@code bootstrap.servers} value for clients of this broker, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates the given topics with {@code partitions} partitions and replication factor 1, and
     * waits until every partition has a leader that serves it. A topic that already exists is left
     * as it is (even if its partition count differs), so this method is idempotent.
     */
    public void createTopics(int partitions, String... topics) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
        if (topics.length == 0) {
            return;
        }
        List<NewTopic> newTopics =
                Arrays.stream(topics)
                        .distinct()
                        .map(topic -> new NewTopic(topic, partitions, (short) 1))
                        .collect(Collectors.toList());
        try (Admin admin = admin()) {
            for (Map.Entry<String, KafkaFuture<Void>> result :
                    admin.createTopics(newTopics).values().entrySet()) {
                try {
                    result.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Could not create topic " + result.getKey(), e.getCause());
                    }
                }
            }
            awaitLeaders(admin, newTopics.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    /**
     * Shuts the broker down (controlled shutdown, then the controller) and waits for its threads to
     * end. The data directory is left in place. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private static EmbeddedKafkaBroker startOnce(Path logDir, int brokerPort, int controllerPort) {
        // doLog=false: the full config dump is hundreds of INFO lines.
        KafkaConfig config =
                new KafkaConfig(serverProperties(logDir, brokerPort, controllerPort), false);
        format(config, controllerPort);
        // Kafka halts its process on a fatal startup fault, e.g. when the controller cannot bind
        // its port. Here that process is the caller's JVM, so while starting, a halt or exit
        // becomes an exception instead. The hooks are JVM-wide, hence one start at a time.
        synchronized (START_LOCK) {
            Exit.setHaltProcedure(EmbeddedKafkaBroker::refuseToHalt);
            Exit.setExitProcedure(EmbeddedKafkaBroker::refuseToHalt);
            try {
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                EmbeddedKafkaBroker broker =
                        new EmbeddedKafkaBroker(server, HOST + ":" + brokerPort);
                try {
                    // Returns once the broker has registered with the controller and is unfenced.
                    server.startup();
                    broker.awaitServing();
                    return broker;
                } catch (RuntimeException e) {
                    try {
                        broker.close();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
            } finally {
                Exit.resetHaltProcedure();
                Exit.resetExitProcedure();
            }
        }
    }

    private static void refuseToHalt(int statusCode, String message) {
        throw new HaltRefusedException(statusCode, message);
    }

    private static Properties serverProperties(Path logDir, int brokerPort, int controllerPort) {
        String brokerAddress = HOST + ":" + brokerPort;
        String controllerAddress = HOST + ":" + controllerPort;
        Properties p = new Properties();
        // One combined node; the controller quorum is dynamic (KIP-853) and holds only this node.
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.bootstrap.servers", controllerAddress);
        p.put(
                "listeners",
                BROKER_LISTENER
                        + "://"
                        + brokerAddress
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + controllerAddress);
        p.put(
                "advertised.listeners",
                BROKER_LISTENER
                        + "://"
                        + brokerAddress
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + controllerAddress);
        p.put(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("log.dirs", logDir.toString());

        // A single node: every internal topic must live with one replica.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Few partitions for the internal topics: creating 50 of each is seconds of startup on
        // the first group join or initTransactions.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.num.partitions", "1");

        // Exactly-once and tests: the first group member must not wait 3 s for others, and topics
        // appear only when asked for, so a typo fails instead of creating a stray topic.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("transaction.max.timeout.ms", String.valueOf(TRANSACTION_MAX_TIMEOUT.toMillis()));
        p.put("auto.create.topics.enable", "false");

        // Light on a 2-core machine: few threads, small segments, indexes and buffers.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("group.coordinator.threads", "1");
        p.put("share.coordinator.threads", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("log.segment.bytes", String.valueOf(8 * 1024 * 1024));
        p.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        p.put("offsets.topic.segment.bytes", String.valueOf(8 * 1024 * 1024));
        p.put("transaction.state.log.segment.bytes", String.valueOf(8 * 1024 * 1024));
        p.put("metadata.log.segment.bytes", String.valueOf(8 * 1024 * 1024));
        // Faster registration, unfencing and controlled shutdown than the 2 s default.
        p.put("broker.heartbeat.interval.ms", "500");
        return p;
    }

    /** What {@code kafka-storage format --standalone} does: meta.properties and bootstrap data. */
    private static void format(KafkaConfig config, int controllerPort) {
        // The voter's directory id ties the quorum to this log directory; the formatter writes it
        // into meta.properties and the bootstrap snapshot.
        String voter = NODE_ID + "@" + HOST + ":" + controllerPort + ":" + Uuid.randomUuid();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(config.logDirs())
                    .setHasDynamicQuorum(true)
                    .setInitialControllers(DynamicVoters.parse(voter))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format " + config.logDirs(), e);
        }
    }

    private void awaitServing() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                sleep(POLL_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        }
        throw new IllegalStateException(
                "Embedded Kafka broker did not serve within " + STARTUP_TIMEOUT, last);
    }

    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
                boolean allLed =
                        descriptions.values().stream()
                                .flatMap(d -> d.partitions().stream())
                                .map(TopicPartitionInfo::leader)
                                .allMatch(leader -> leader != null && !leader.isEmpty());
                if (allLed && allServe(admin, descriptions)) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // Typically UnknownTopicOrPartition until the broker has the new metadata.
                last = e;
            }
            sleep(POLL_INTERVAL);
        }
        throw new IllegalStateException(
                "Topics " + topics + " had no leaders after " + TOPIC_READY_TIMEOUT, last);
    }

    /**
     * Whether the broker serves every partition as its leader: a leader in the metadata is not
     * enough, as the broker opens the partition's log a moment later and answers
     * NOT_LEADER_OR_FOLLOWER until then. An idempotent producer that sent right after the topics
     * were created had its first batch to a partition refused that way, a later batch accepted as
     * the partition's first, then the first one refused for good as out of order
     * (OutOfOrderSequenceException) until its delivery timeout: the events in it were lost and a
     * test waited for alerts that could not come. A partition's offsets are answered only by its
     * serving leader.
     */
    private static boolean allServe(Admin admin, Map<String, TopicDescription> descriptions)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription d : descriptions.values()) {
            for (TopicPartitionInfo partition : d.partitions()) {
                latest.put(
                        new TopicPartition(d.name(), partition.partition()), OffsetSpec.latest());
            }
        }
        try {
            admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "brushguard-embedded-kafka-admin");
        return Admin.create(p);
    }

    private static int[] freePorts(int count) {
        // All sockets stay open until all ports are known, so the ports are distinct.
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            InetAddress loopback = InetAddress.getByName(HOST);
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, loopback);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find free ports on " + HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // Nothing to do: the port is released either way.
                    }
                }
            }
        }
    }

    private static boolean isHalt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HaltRefusedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether another process holds one of the ports. Asked after a failed start, when Kafka has
     * released what it bound: the halting fault handler logs the cause but does not pass it on.
     */
    private static boolean anyInUse(int[] ports) {
        for (int port : ports) {
            try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
                // Free.
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null
                            && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not clean up " + dir, e);
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /** Thrown in place of halting the JVM when Kafka meets a fatal fault while starting. */
    private static final class HaltRefusedException extends RuntimeException {
        HaltRefusedException(int statusCode, String message) {
            super(
                    "Kafka asked to halt the JVM (status "
                            + statusCode
                            + (message == null ? "" : ", " + message)
                            + ") while starting the embedded broker; its ERROR log says why");
        }
    }
}

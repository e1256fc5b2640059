package facetag.testservers;

import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Embedded Neo4j Community with the Bolt connector on a loopback port, for facetag's integration tests.
 *
 * <p>Usage: java -cp "launcher.jar:lib/*" facetag.testservers.Main HOME_DIR PORT PASSWORD
 *
 * <p>Auth is on: user neo4j with PASSWORD (at least 8 characters, no change required). Data and Neo4j's own logs
 * live under HOME_DIR. Prints "READY bolt://127.0.0.1:PORT" once Bolt accepts logins; stops cleanly on SIGTERM;
 * exits with status 1 if it cannot start.
 */
public final class Main {
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: Main HOME_DIR PORT PASSWORD");
      System.exit(2);
    }
    try {
      start(Path.of(args[0]).toAbsolutePath(), Integer.parseInt(args[1]), args[2]);
    } catch (Throwable e) {
      e.printStackTrace();
      Throwable root = e;
      while (root.getCause() != null) root = root.getCause();
      System.err.println("neo4j launcher failed: " + root);
      System.exit(1); // Neo4j's own threads would keep a failed JVM alive; the shutdown hook stops the DBMS
    }
    System.out.println("READY bolt://127.0.0.1:" + args[1]);
    System.out.flush();
    Thread.currentThread().join(); // run until SIGTERM
  }

  private static void start(Path home, int port, String password) {
    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(HttpConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.udc_enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
        // Throwaway test data: skip preallocating transaction logs and store files.
        .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
        .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

    // The built-in user starts with password "neo4j" and a forced change; set ours instead. A restart on
    // existing data (the fault tests kill and restart a server) keeps the password set the first time.
    GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    boolean firstStart = system.executeTransactionally(
        "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' RETURN passwordChangeRequired",
        Map.of(),
        result -> result.hasNext() && Boolean.TRUE.equals(result.next().get("passwordChangeRequired")));
    if (firstStart) {
      system.executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
    }
  }
}

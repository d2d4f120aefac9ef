import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * Stands in for the sensors program in LocalDeploymentExecutorTest (run with `java FakeSensor.java`): exits with
 * FAKE_EXIT_CODE after printing FAKE_EXIT_MESSAGE when set; otherwise serves on QUARKUS_HTTP_PORT
 * GET /q/health/ready (200), GET /env (its environment, KEY=VALUE lines) and GET /secret (the file
 * $SQUALL_SENSOR_SECRET_DIR/token).
 */
public class FakeSensor {
    public static void main(String[] args) throws Exception {
        String exit = System.getenv("FAKE_EXIT_CODE");
        if (exit != null) {
            System.out.println("starting");
            System.out.println(System.getenv().getOrDefault("FAKE_EXIT_MESSAGE", "failed"));
            System.exit(Integer.parseInt(exit));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 0);
        server.createContext("/q/health/ready", exchange -> answer(exchange, "UP"));
        server.createContext("/env", exchange -> {
            StringBuilder text = new StringBuilder();
            new TreeMap<>(System.getenv()).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            answer(exchange, text.toString());
        });
        server.createContext("/secret", exchange -> answer(exchange,
                Files.readString(Path.of(System.getenv("SQUALL_SENSOR_SECRET_DIR"), "token"))));
        server.start();
        System.out.println("listening on " + System.getenv("QUARKUS_HTTP_PORT"));
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}

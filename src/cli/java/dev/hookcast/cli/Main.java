package dev.hookcast.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code java -jar hookcast-cli.jar <command> ...}: the Hookcast command line (JDK only). */
public final class Main {

    static final String USAGE = """
            Usage: java -jar hookcast-cli.jar listen <ws-url> --forward <http-url> [options]

            Subscribes to a Hookcast channel and re-sends every hook to a local app, byte for byte:
            method POST, the body's exact bytes, the original content type and headers (hop-by-hop
            headers, Host and Content-Length excepted, which the HTTP client sets), so that the app's own
            GitHub, Stripe or Standard Webhooks signature check passes on the forwarded request.

              <ws-url>              the channel's WebSocket, e.g. ws://localhost:8080/ws/orders
                                    (wss:// through a TLS proxy)
              --forward <http-url>  where to send each hook, e.g. http://127.0.0.1:3000/webhook
              --token <token>       the channel's subscriber token (default: the environment
                                    variable HOOKCAST_TOKEN); needed for signature headers
              --state <file>        where the id of the last forwarded hook is kept
                                    (default: hookcast-listen-<channel>.state in this directory);
                                    a restart resumes after it, so nothing is lost or sent twice
              --since <id>          with no state file yet: start after this hook id (0: every
                                    retained hook); without it, start with the hooks arriving now
              --timeout <seconds>   how long the app may take to answer one hook (default 30)
              --help                this text

            One line per hook: the time, the hook id, the app's status and how long it took.
            A 2xx answer is forwarded; a 3xx or 4xx answer is reported and the hook skipped (it is
            not sent again); no answer (connection refused, timeout) or a 5xx is retried, with a
            back-off from 0.5 s doubling up to 30 s, until the app takes it: no hook is skipped
            silently, and later hooks wait. A lost connection to Hookcast is retried the same way
            and resumes with since=<last forwarded id>. A "replayed" report with complete:false
            means retention purged hooks before they could be forwarded.
            Ctrl-C stops after the hook in flight, its state saved.

            Exit status: 0 stopped by Ctrl-C; 1 refused by the server (bad channel, wrong token);
            2 bad arguments.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        // the provider's Date, From, Via and Warning headers go to the app too (read when the HTTP client loads)
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "date,from,via,warning");
        }
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
        // 0: return, for after Ctrl-C the JVM is already shutting down (System.exit would block)
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || isHelp(args[0])) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (!"listen".equals(args[0])) {
            err.println("Unknown command " + args[0] + ": the command is listen (see --help).");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        for (String arg : rest) {
            if (isHelp(arg)) {
                out.print(USAGE);
                return 0;
            }
        }
        Listen.Options options;
        try {
            options = Listen.Options.parse(rest, System.getenv("HOOKCAST_TOKEN"));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("See --help.");
            return 2;
        }
        return new Listen(options, out).run();
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }
}

package io.brushguard.jobs.cli;

import io.brushguard.jobs.dataset.DatasetWriter;
import io.brushguard.jobs.generator.GeneratedData;
import io.brushguard.jobs.generator.GeneratorConfig;
import io.brushguard.jobs.generator.PlatformGenerator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code brushguard generate}: a synthetic platform with labelled fraud, as a data set. */
final class GenerateCommand implements Command {

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "write a synthetic platform data set with labelled fraud episodes";
    }

    @Override
    public String description() {
        return "Simulates a platform (shops, buyers, orders through their lifecycle, payments, waybill\n"
                + "scans, reviews) with injected, labelled brushing, empty-parcel and malicious-review\n"
                + "episodes, and writes it as a data set in the spec/events.md file format:\n"
                + "orders/payments/logistics/reviews .jsonl (or .avro) and labels.jsonl. The same seed\n"
                + "always writes the same data.";
    }

    @Override
    public List<Args.Option> options() {
        GeneratorConfig d = GeneratorConfig.defaults();
        return List.of(
                new Args.Option("out", "<dir>", "directory to write (required)"),
                new Args.Option("seed", "<n>", "random seed (default " + d.seed() + ")"),
                new Args.Option(
                        "days", "<n>", "simulated days of orders (default " + d.days() + ")"),
                new Args.Option("shops", "<n>", "number of shops (default " + d.shops() + ")"),
                new Args.Option("buyers", "<n>", "number of buyers (default " + d.buyers() + ")"),
                new Args.Option(
                        "orders-per-day",
                        "<n>",
                        "background orders per day (default " + d.ordersPerDay() + ")"),
                new Args.Option(
                        "episodes",
                        "<n>",
                        "fraud episodes per kind (default " + d.brushingEpisodes() + ")"),
                new Args.Option("format", "<jsonl|avro>", "file format (default jsonl)"),
                new Args.Option(
                        "no-camouflage",
                        null,
                        "inject only the plain episodes, no camouflaged variants"),
                new Args.Option(
                        "no-hard-negatives",
                        null,
                        "leave out the honest look-alikes (hard-negatives.jsonl)"));
    }

    @Override
    public int run(Args args, PrintStream console) throws Exception {
        Path out = Path.of(args.required("out"));
        GeneratorConfig config = config(args);
        DatasetWriter.Format format;
        try {
            format =
                    DatasetWriter.Format.valueOf(
                            args.get("format", "jsonl").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--format must be jsonl or avro");
        }
        GeneratedData data = PlatformGenerator.generate(config);
        data.writeTo(out, format);
        console.println(data.summary());
        console.println("written to " + out.toAbsolutePath());
        return 0;
    }

    /** The generator settings from the command line, starting from the defaults. */
    static GeneratorConfig config(Args args) {
        GeneratorConfig d = GeneratorConfig.defaults();
        try {
            GeneratorConfig c =
                    d.withSeed(args.getLong("seed", d.seed()))
                            .withDays(args.getInt("days", d.days()))
                            .withShops(args.getInt("shops", d.shops()))
                            .withBuyers(args.getInt("buyers", d.buyers()))
                            .withOrdersPerDay(args.getInt("orders-per-day", d.ordersPerDay()));
            if (args.has("episodes")) {
                c = c.withEpisodesPerKind(args.getInt("episodes", 0));
            }
            if (args.has("no-camouflage")) {
                c = c.withCamouflage(false);
            }
            if (args.has("no-hard-negatives")) {
                c = c.withHardNegatives(false);
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }
}

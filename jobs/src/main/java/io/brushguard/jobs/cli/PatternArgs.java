package io.brushguard.jobs.cli;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.definition.Definition;
import io.brushguard.patterns.definition.PatternDefinitions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** The {@code --patterns <dir>} option: pattern definitions that replace the shipped ones. */
final class PatternArgs {

    static final Args.Option OPTION =
            new Args.Option(
                    "patterns",
                    "<dir>",
                    "pattern definitions (.yaml, docs/patterns.md) that replace the shipped ones\n"
                            + "of the same id; the others keep their shipped definition");

    private PatternArgs() {}

    /** The shipped rules, or those with the definitions of {@code --patterns} in their place. */
    static DetectionRules rules(Args args, PrintStream console) throws IOException {
        return rules(args.has("patterns") ? Path.of(args.get("patterns", null)) : null, console);
    }

    /** The shipped rules ({@code dir} null), or those with the definitions of {@code dir}. */
    static DetectionRules rules(Path dir, PrintStream console) throws IOException {
        if (dir == null) {
            return DetectionRules.defaults();
        }
        PatternDefinitions.Result read = PatternDefinitions.read(dir);
        DetectionRules rules = PatternDefinitions.withOverrides(read);
        List<String> disabled =
                read.definitions().stream()
                        .filter(d -> d.meta() != null && !d.meta().enabled())
                        .map(Definition::id)
                        .toList();
        console.printf(
                "patterns: %d definitions from %s, the others shipped%s%s%n",
                read.definitions().size(),
                dir,
                disabled.isEmpty() ? "" : "; disabled: " + String.join(", ", disabled),
                rules.shadowRuleIds().isEmpty()
                        ? ""
                        : "; shadow: " + String.join(", ", rules.shadowRuleIds()));
        return rules;
    }
}

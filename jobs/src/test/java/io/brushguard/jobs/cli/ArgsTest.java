package io.brushguard.jobs.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTest {

    private static final List<Args.Option> OPTIONS =
            List.of(new Args.Option("by", "<name>", "who"), new Args.Option("quiet", null, "hush"));
    private static final List<String> POSITIONALS = List.of("<candidate_id>", "<decision>");

    @Test
    void shouldReadPositionalArgumentsBetweenAndAroundOptions() {
        Args args =
                Args.parse(
                        new String[] {"--by", "alice", "c-1", "--quiet", "confirm"},
                        OPTIONS,
                        POSITIONALS);

        assertThat(args.positional(0)).isEqualTo("c-1");
        assertThat(args.positional(1)).isEqualTo("confirm");
        assertThat(args.get("by", null)).isEqualTo("alice");
        assertThat(args.has("quiet")).isTrue();
    }

    @Test
    void shouldNameTheFirstMissingPositionalArgument() {
        assertThatThrownBy(() -> Args.parse(new String[] {"c-1"}, OPTIONS, POSITIONALS))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("missing <decision>");
    }

    @Test
    void shouldRejectMorePositionalArgumentsThanDeclared() {
        assertThatThrownBy(
                        () ->
                                Args.parse(
                                        new String[] {"c-1", "confirm", "now"},
                                        OPTIONS,
                                        POSITIONALS))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("unexpected argument 'now'");
    }

    @Test
    void shouldRejectAnyPositionalArgumentWhenNoneIsDeclared() {
        assertThatThrownBy(() -> Args.parse(new String[] {"--by", "x", "stray"}, OPTIONS))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("unexpected argument 'stray'");
    }

    @Test
    void shouldTakeAnOptionsValueEvenWhenItLooksLikeAPositionalArgument() {
        Args args =
                Args.parse(new String[] {"--by", "c-1", "c-2", "dismiss"}, OPTIONS, POSITIONALS);

        assertThat(args.get("by", null)).isEqualTo("c-1");
        assertThat(args.positional(0)).isEqualTo("c-2");
    }
}

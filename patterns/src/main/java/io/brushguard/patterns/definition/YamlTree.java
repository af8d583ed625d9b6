package io.brushguard.patterns.definition;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A YAML document as plain mappings, lists and scalars, each with its line. Read from Jackson's
 * token stream, so that every key keeps its line (Jackson's tree model loses locations). Nothing is
 * ever instantiated from the document: tags and aliases are refused, not interpreted.
 */
final class YamlTree {

    private static final YAMLFactory YAML = new YAMLFactory();

    /** How the refusal of a tag or an alias starts. */
    static final String REFUSED = "YAML tags and aliases are not allowed";

    private YamlTree() {}

    sealed interface Node permits MapNode, ListNode, Scalar {
        int line();
    }

    /** A key of a mapping, its line and its value. */
    record Field(String name, int line, Node value) {}

    record MapNode(List<Field> fields, int line) implements Node {}

    record ListNode(List<Node> items, int line) implements Node {}

    /**
     * A scalar: {@code token} tells a string from a number, boolean or null as YAML typed it; a
     * number's value is in {@code number}.
     */
    record Scalar(JsonToken token, String text, Number number, int line) implements Node {

        boolean isString() {
            return token == JsonToken.VALUE_STRING;
        }

        /** The value as a person wrote it, for messages. */
        String shown() {
            return isString() ? "'" + text + "'" : token == JsonToken.VALUE_NULL ? "nothing" : text;
        }
    }

    /**
     * The single document of {@code in}, or null after adding to {@code errors} why it is not one.
     */
    static Node parse(Reader in, String file, List<DefinitionError> errors) throws IOException {
        try (YAMLParser p = (YAMLParser) YAML.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                errors.add(new DefinitionError(file, 1, "empty definition"));
                return null;
            }
            Node root = read(p, file, errors);
            if (p.nextToken() != null) {
                errors.add(
                        new DefinitionError(
                                file, line(p), "one definition per file; found a second document"));
            }
            return root;
        } catch (JsonProcessingException e) {
            errors.add(syntaxError(file, e));
            return null;
        }
    }

    /**
     * Where the YAML stopped making sense: at the construct it was in (a flow sequence, a quoted
     * scalar) when there is one, for that is where the mistake is, else where it noticed.
     */
    private static DefinitionError syntaxError(String file, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            int problemLine = m.getProblemMark().getLine() + 1;
            if (m.getContext() != null && m.getContextMark() != null) {
                int contextLine = m.getContextMark().getLine() + 1;
                return new DefinitionError(
                        file,
                        contextLine,
                        "not valid YAML: "
                                + m.getContext()
                                + ": "
                                + m.getProblem()
                                + (problemLine == contextLine
                                        ? ""
                                        : " (line " + problemLine + ")"));
            }
            return new DefinitionError(file, problemLine, "not valid YAML: " + m.getProblem());
        }
        int line = e.getLocation() != null ? Math.max(e.getLocation().getLineNr(), 1) : 1;
        String reason = e.getOriginalMessage().lines().findFirst().orElse("unreadable");
        return new DefinitionError(file, line, "not valid YAML: " + reason);
    }

    /** The value whose first token is current. */
    private static Node read(YAMLParser p, String file, List<DefinitionError> errors)
            throws IOException {
        int line = line(p);
        String tag = p.getTypeId();
        if (tag != null) {
            errors.add(
                    new DefinitionError(
                            file,
                            line,
                            REFUSED + " (" + tag.replace("tag:yaml.org,2002:", "!!") + ")"));
        }
        if (p.isCurrentAlias()) {
            errors.add(new DefinitionError(file, line, REFUSED + " (*" + p.getText() + ")"));
        }
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT:
                List<Field> fields = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int keyLine = line(p);
                    p.nextToken();
                    fields.add(new Field(name, keyLine, read(p, file, errors)));
                }
                return new MapNode(fields, line);
            case START_ARRAY:
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, file, errors));
                }
                return new ListNode(items, line);
            case VALUE_NUMBER_INT:
                return new Scalar(token, p.getText(), p.getNumberValue(), line);
            case VALUE_NUMBER_FLOAT:
                return new Scalar(token, p.getText(), p.getDoubleValue(), line);
            default:
                return new Scalar(token, p.getText(), null, line);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}

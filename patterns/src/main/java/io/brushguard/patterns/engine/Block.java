package io.brushguard.patterns.engine;

import java.io.Serializable;

/** What a declarative pattern matches: a count over a sliding window, or a sequence of steps. */
public sealed interface Block extends Serializable permits CountBlock, SequenceBlock {}

package io.brushguard.patterns.engine;

import java.io.Serializable;
import java.util.List;

/**
 * The declarative patterns to run, given what was deployed: the job's start definitions with the
 * deployed ones laid over them. Deterministic, so that every operator and every restart resolves
 * one update the same way.
 */
public interface CatalogResolver extends Serializable {

    List<PatternSpec> resolve(CatalogUpdate update);
}

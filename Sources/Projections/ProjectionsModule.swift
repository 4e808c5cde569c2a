/// Read models built from the log (registry, model cards, board minutes, monitoring, lineage,
/// audit reports) and the audit packs assembled from them.
public enum Projections {}

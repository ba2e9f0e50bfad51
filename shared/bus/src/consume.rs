//! Reading the log (ordered replay from a checkpoint). Filled in by the read side.

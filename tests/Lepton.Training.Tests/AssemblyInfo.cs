// Torch's thread count and random generator are process-wide: tests that train or draw random
// tensors run one at a time so the determinism tests see only their own draws.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

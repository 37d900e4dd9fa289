// Every test spawns .NET children on a small shared machine; one at a time keeps their start-up
// from starving each other into the tests' timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

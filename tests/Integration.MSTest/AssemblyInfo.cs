// Every test is independent (its own fake context, or a shared server that is safe to share), so
// they run in parallel; servers get free ports claimed across processes, so this assembly also runs
// alongside the xunit.v3 and NUnit integration assemblies.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]

namespace ProcessKit;

/// <summary>Which mechanism a new <see cref="ProcessGroup"/> would get on this machine, and why not a better one.</summary>
/// <param name="Mechanism">The mechanism.</param>
/// <param name="Reason">Why this one: what was found, or what stood in the way of a better one.</param>
public sealed record MechanismPrediction(ContainmentMechanism Mechanism, string Reason);

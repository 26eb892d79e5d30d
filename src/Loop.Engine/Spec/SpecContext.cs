namespace Loop.Engine.Spec;

/// <summary>Collects the problems of one load, so every problem is reported at once.</summary>
internal sealed class SpecContext(string file)
{
    public string File { get; } = file;

    public List<SpecProblem> Problems { get; } = [];

    public void Add(int line, string path, string message) => Problems.Add(new SpecProblem(File, line, path, message));
}

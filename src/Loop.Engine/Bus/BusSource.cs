namespace Loop.Engine.Bus;

/// <summary>Where a bus line came from.</summary>
internal enum BusSource
{
    /// <summary>The spec's commands file, tailed.</summary>
    File,

    /// <summary>Standard input (<c>loop run --bus stdin</c>).</summary>
    Stdin,

    /// <summary>A <c>POST /bus</c> body.</summary>
    Http,
}

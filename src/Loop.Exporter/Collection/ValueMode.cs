namespace Loop.Exporter.Collection;

/// <summary>How a counter or gauge series combines measurements.</summary>
internal enum ValueMode
{
    /// <summary>Measurements add up (Counter, UpDownCounter).</summary>
    Add,

    /// <summary>The last measurement wins (Gauge).</summary>
    Set,

    /// <summary>
    /// Reported whole at each scrape (ObservableCounter/Gauge): the last value wins and a series not
    /// reported in a scrape is gone (an adapter that was removed).
    /// </summary>
    Observed,
}

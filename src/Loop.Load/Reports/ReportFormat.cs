namespace Loop.Load.Reports;

/// <summary>The report files a run can write.</summary>
public enum ReportFormat
{
    /// <summary>Plain text, as printed at the end of the run.</summary>
    Txt,

    /// <summary>Markdown tables (for a pull request or a wiki).</summary>
    Md,

    /// <summary>One row per scenario and step (for a spreadsheet or a script).</summary>
    Csv,

    /// <summary>One self-contained page with the tables and the latency and rate charts.</summary>
    Html,
}

namespace Lepton.Bot.Features.Tutorials;

/// <summary>One translation of a tutorial, as loaded from <c>config/tutorials/&lt;id&gt;.&lt;language&gt;.yaml</c>.</summary>
public sealed record Tutorial(string Id, string Language, string Title, string Summary, IReadOnlyList<TutorialStep> Steps, string SourceFile);

/// <summary>One page of a tutorial: text, maybe a code block, maybe a question to answer before going on.</summary>
public sealed record TutorialStep(string Title, string Text, CodeBlock? Code, CheckQuestion? Check);

public sealed record CodeBlock(string Language, string Text);

/// <summary>A question the member must answer right before Next opens.</summary>
/// <param name="Answer">0-based index of the right option (the file says it 1-based).</param>
public sealed record CheckQuestion(string Question, IReadOnlyList<string> Options, int Answer, string Explanation);

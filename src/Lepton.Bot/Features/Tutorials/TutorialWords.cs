namespace Lepton.Bot.Features.Tutorials;

/// <summary>The few words of the tutorial player itself (buttons, status lines), in each content language.</summary>
internal sealed record TutorialWords(
    string Next,
    string Back,
    string Quit,
    string Finish,
    string StepOf,
    string CheckHeading,
    string Right,
    string Wrong,
    string AnswerFirst,
    string Resumed,
    string Moved,
    string Paused,
    string Completed,
    string CompletedBody,
    string NotStarted,
    string Completions,
    string StepCount,
    string Answer)
{
    public static readonly TutorialWords English = new(
        Next: "Next",
        Back: "Back",
        Quit: "Quit",
        Finish: "Finish",
        StepOf: "step {0} of {1}",
        CheckHeading: "Check: {0}",
        Right: "✅ Right. {0}",
        Wrong: "❌ Not quite; try another answer.",
        AnswerFirst: "Answer the question below to open the next step.",
        Resumed: "Welcome back: you left off at step {0}.",
        Moved: "That was an older page of this tutorial; here is where you are now.",
        Paused: "Paused at step {0} of {1} of {2}. `/tutorial start name:{3}` takes you back here.",
        Completed: "🎉 Finished: {0}",
        CompletedBody: "You worked through all {0} steps. `/tutorial list` shows what else there is to learn.",
        NotStarted: "not started",
        Completions: "finished",
        StepCount: "{0} steps",
        Answer: "Answer");

    public static readonly TutorialWords Chinese = new(
        Next: "下一步",
        Back: "上一步",
        Quit: "退出",
        Finish: "完成",
        StepOf: "第 {0} 步，共 {1} 步",
        CheckHeading: "小测验：{0}",
        Right: "✅ 答对了。{0}",
        Wrong: "❌ 不太对，再试一次。",
        AnswerFirst: "先回答下面的问题，才能进入下一步。",
        Resumed: "欢迎回来：你上次停在第 {0} 步。",
        Moved: "这是本教程较早的一页；这里是你现在的位置。",
        Paused: "已暂停在《{2}》的第 {0} 步（共 {1} 步）。输入 `/tutorial start name:{3}` 即可从这里继续。",
        Completed: "🎉 完成：{0}",
        CompletedBody: "你已学完全部 {0} 步。输入 `/tutorial list` 看看还有哪些教程。",
        NotStarted: "未开始",
        Completions: "已完成",
        StepCount: "共 {0} 步",
        Answer: "答案");

    public static TutorialWords For(string language) => language == ContentText.Chinese ? Chinese : English;

    public string Format(string template, params object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, args);
}

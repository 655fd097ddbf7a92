using Lepton.Bot.Features.Tutorials;

namespace Lepton.Bot.Features.Onboarding;

/// <summary>The fixed words of the onboarding messages, in each content language (the checklist itself is content).</summary>
internal sealed record OnboardingWords(
    string DmSent,
    string DmClosed,
    string Progress,
    string AllDone,
    string Done,
    string StartTutorial,
    string PickInterests,
    string InterestsSaved,
    string RolesMissing,
    string RolesFailed,
    string NoGuild)
{
    public static readonly OnboardingWords English = new(
        DmSent: "I have sent you a direct message with your first steps.",
        DmClosed: "Your direct messages are closed, so here are your first steps:",
        Progress: "{0} of {1} steps done. They tick themselves as you go.",
        AllDone: "🎉 All done: welcome aboard!",
        Done: "Done.",
        StartTutorial: "Start the tutorial",
        PickInterests: "Pick your interests",
        InterestsSaved: "Interests saved: {0}.",
        RolesMissing: "The server has no role named {0} yet; a maintainer can add it.",
        RolesFailed: "I could not change the role {0} (the bot may lack Manage Roles, or the role sits above the bot's own); a maintainer can fix that.",
        NoGuild: "Pick your interests in the server (`/onboarding checklist`), so I know where to give you the roles.");

    public static readonly OnboardingWords Chinese = new(
        DmSent: "我给你发了一条私信，里面是你的入门清单。",
        DmClosed: "你的私信没有开放，所以入门清单放在这里：",
        Progress: "已完成 {0}/{1} 步。你完成一步，它就会自动打勾。",
        AllDone: "🎉 全部完成，欢迎正式加入！",
        Done: "已完成。",
        StartTutorial: "开始教程",
        PickInterests: "选择你感兴趣的方向",
        InterestsSaved: "已保存兴趣：{0}。",
        RolesMissing: "服务器上还没有名为 {0} 的身份组，请联系管理员添加。",
        RolesFailed: "我无法修改身份组 {0}（机器人可能没有“管理身份组”权限，或该身份组高于机器人自己的身份组），请联系管理员处理。",
        NoGuild: "请在服务器里选择兴趣（`/onboarding checklist`），这样我才知道在哪里给你分配身份组。");

    public static OnboardingWords For(string language) => language == ContentText.Chinese ? Chinese : English;

    public static string Format(string template, params object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, args);
}

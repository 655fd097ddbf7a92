using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Tutorials;

/// <summary>A small content folder for tests: one three-step tutorial in two languages and an onboarding checklist using it.</summary>
internal static class TestContent
{
    public const string BasicsEnglish = """
        id: basics
        language: en
        title: Basics of the bot
        summary: A short tour for tests; careful with @everyone.
        steps:
          - title: Hello
            text: The first page. Hi @everyone and <@123456789>.
          - title: A question
            text: The second page asks something.
            check:
              question: Which letter comes second?
              options: [Alpha, Bravo, Charlie]
              answer: 2
              explanation: B is the second letter.
          - title: Some code
            text: The last page.
            code:
              language: yaml
              text: |
                epochs: 3
        """;

    public const string BasicsChinese = """
        id: basics
        language: zh
        title: 机器人入门
        summary: 测试用的简短教程。
        steps:
          - title: 你好
            text: 第一页。
          - title: 一个问题
            text: 第二页有个问题。
            check:
              question: 第二个字母是什么？
              options: [甲, 乙, 丙]
              answer: 2
              explanation: 乙排第二。
          - title: 一些代码
            text: 最后一页。
        """;

    public const string Onboarding = """
        title: {en: First steps, zh: 第一步}
        welcome: {en: "Welcome, {name}!", zh: "欢迎 {name}！"}
        rules: {en: "Be kind.", zh: "友善待人。"}
        steps:
          - id: rules
            kind: rules
            title: {en: Read the rules, zh: 阅读守则}
            hint: {en: Press the button., zh: 点击按钮。}
            button: {en: I have read the rules, zh: 我已阅读守则}
          - id: introduce
            kind: introduction
            title: {en: Introduce yourself, zh: 自我介绍}
            hint: {en: "Post in {introductions}.", zh: "在 {introductions} 发帖。"}
          - id: interests
            kind: interests
            title: {en: Pick interests, zh: 选择兴趣}
            hint: {en: Use the menu., zh: 使用菜单。}
            choices:
              - {id: vision, role: Computer Vision, label: {en: Computer vision, zh: 计算机视觉}}
              - {id: nlp, role: NLP, label: {en: Language, zh: 自然语言处理}}
              - {id: challenges, role: Challenges, label: {en: Challenges, zh: 训练挑战}}
          - id: tutorial
            kind: tutorial
            tutorial: basics
            title: {en: Finish the intro tutorial, zh: 完成入门教程}
            hint: {en: Press the button., zh: 点击按钮。}
          - id: quiz
            kind: quiz
            title: {en: Answer a first quiz, zh: 完成第一次测验}
            hint: {en: "/quiz start", zh: "/quiz start"}
        """;

    /// <summary>Writes the content into <paramref name="folder"/>/content and returns the settings pointing the bot at it.</summary>
    public static Dictionary<string, string?> Write(TempFolder folder, string? onboarding = Onboarding)
    {
        folder.Write("content/tutorials/basics.en.yaml", BasicsEnglish);
        folder.Write("content/tutorials/basics.zh.yaml", BasicsChinese);
        if (onboarding is not null)
        {
            folder.Write("content/onboarding.yaml", onboarding);
        }

        return new Dictionary<string, string?>
        {
            ["Content:Directory"] = folder.File("content"),
            ["Storage:DataDirectory"] = folder.File("data"),
            ["Onboarding:IntroductionsChannel"] = "general",
        };
    }
}

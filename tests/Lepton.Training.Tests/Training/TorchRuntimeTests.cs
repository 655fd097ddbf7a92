using Lepton.Build;
using Lepton.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Training.Tests.Training;

public class TorchRuntimeTests
{
    [Fact]
    public void Torch_loads_and_runs_a_forward_and_backward_pass()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var layer = nn.Linear(4, 2);
        var input = ones(3, 4);
        var loss = layer.forward(input).pow(2).sum();
        loss.backward();

        var gradient = layer.weight!.grad;
        Assert.NotNull(gradient);
        Assert.Equal(new long[] { 2, 4 }, gradient.shape);
        Assert.True(gradient.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Build_output_holds_the_native_glue_with_the_glibcxx_need_marked_weak()
    {
        string[] copies = TorchRuntime.NativeGlueCandidates().ToArray();
        Assert.NotEmpty(copies);
        foreach (string copy in copies)
        {
            byte[] image = File.ReadAllBytes(copy);
            Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionNeedPatch.Inspect(image, "GLIBCXX_3.4.32", out _));
        }
    }
}

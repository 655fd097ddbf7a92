using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lepton.Training.Training;

/// <summary>
/// Why these exist: TorchSharp 0.107 turns numbers into native <see cref="Scalar"/> objects on the fly
/// (<c>tensor.add_(1)</c> inside <c>BatchNorm.forward</c>, <c>add(other)</c>'s implicit alpha of 1) and passes
/// their handles to native code without keeping the managed object alive. A garbage collection started by
/// another thread can then finalize the scalar while it is in use; we saw a run die with "For integral input
/// tensors, argument alpha must not be a floating point number" after about a minute. Inside the bot, other
/// threads allocate all the time, so the training hot path holds every scalar it passes explicitly.
/// </summary>
internal static class Scalars
{
    /// <summary>A scalar 1 rooted for the life of the process, never finalized.</summary>
    public static readonly Scalar One = 1.ToScalar();
}

/// <summary>
/// Batch normalization equal to PyTorch's BatchNorm1d/2d (momentum 0.1, eps 1e-5, affine, running
/// statistics) without the <c>num_batches_tracked</c> counter, whose update is the unsafe call above.
/// </summary>
internal sealed class SafeBatchNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;

    public SafeBatchNorm(long features)
        : base(nameof(SafeBatchNorm))
    {
        weight = new Parameter(ones(features));
        bias = new Parameter(zeros(features));
        running_mean = zeros(features);
        running_var = ones(features);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, 0.1, 1e-5);
}

/// <summary>
/// SGD (momentum, Nesterov, L2 weight decay), Adam (L2 weight decay) and AdamW (decoupled weight decay),
/// step for step as PyTorch's <c>torch.optim</c> defines them, holding every scalar it hands to native code.
/// </summary>
internal sealed class SafeOptimizer : IDisposable
{
    private readonly Specs.OptimizerSpec spec;
    private readonly Parameter[] parameters;
    private readonly Tensor[] first;
    private readonly Tensor[] second;
    private long step;

    public SafeOptimizer(IEnumerable<Parameter> parameters, Specs.OptimizerSpec spec)
    {
        this.spec = spec;
        this.parameters = parameters.ToArray();
        bool adam = spec.Kind != Specs.OptimizerKind.Sgd;
        bool momentum = spec.Kind == Specs.OptimizerKind.Sgd && spec.Momentum > 0;
        using (no_grad())
        {
            first = adam || momentum ? this.parameters.Select(p => zeros_like(p)).ToArray() : [];
            second = adam ? this.parameters.Select(p => zeros_like(p)).ToArray() : [];
        }
    }

    /// <summary>The learning rate of the next <see cref="Step"/>.</summary>
    public double LearningRate { get; set; }

    public void ZeroGrad()
    {
        foreach (Parameter parameter in parameters)
        {
            parameter.grad?.zero_();
        }
    }

    public void Step()
    {
        step++;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        if (spec.Kind == Specs.OptimizerKind.Sgd)
        {
            StepSgd();
        }
        else
        {
            StepAdam();
        }
    }

    public void Dispose()
    {
        foreach (Tensor tensor in first.Concat(second))
        {
            tensor.Dispose();
        }
    }

    private void StepSgd()
    {
        using Scalar decay = spec.WeightDecay.ToScalar();
        using Scalar momentum = spec.Momentum.ToScalar();
        using Scalar minusRate = (-LearningRate).ToScalar();
        for (int i = 0; i < parameters.Length; i++)
        {
            Parameter p = parameters[i];
            if (p.grad is not { } grad)
            {
                continue;
            }

            Tensor d = spec.WeightDecay != 0 ? grad.add(p, decay) : grad;
            if (spec.Momentum > 0)
            {
                Tensor buffer = first[i];
                if (step == 1)
                {
                    buffer.copy_(d);
                }
                else
                {
                    buffer.mul_(momentum).add_(d, Scalars.One);
                }

                d = spec.Nesterov ? d.add(buffer, momentum) : buffer;
            }

            p.add_(d, minusRate);
        }
    }

    private void StepAdam()
    {
        double correction1 = 1 - Math.Pow(spec.Beta1, step);
        double correction2 = 1 - Math.Pow(spec.Beta2, step);
        using Scalar decay = spec.WeightDecay.ToScalar();
        using Scalar shrink = (1 - (LearningRate * spec.WeightDecay)).ToScalar();
        using Scalar beta1 = spec.Beta1.ToScalar();
        using Scalar beta2 = spec.Beta2.ToScalar();
        using Scalar oneMinusBeta1 = (1 - spec.Beta1).ToScalar();
        using Scalar oneMinusBeta2 = (1 - spec.Beta2).ToScalar();
        using Scalar sqrtCorrection2 = Math.Sqrt(correction2).ToScalar();
        using Scalar epsilon = spec.Epsilon.ToScalar();
        using Scalar minusStep = (-LearningRate / correction1).ToScalar();
        for (int i = 0; i < parameters.Length; i++)
        {
            Parameter p = parameters[i];
            if (p.grad is not { } grad)
            {
                continue;
            }

            if (spec.WeightDecay != 0)
            {
                if (spec.Kind == Specs.OptimizerKind.AdamW)
                {
                    p.mul_(shrink);
                }
                else
                {
                    grad = grad.add(p, decay);
                }
            }

            Tensor m = first[i].mul_(beta1).add_(grad, oneMinusBeta1);
            Tensor v = second[i].mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
            Tensor denominator = v.sqrt().div_(sqrtCorrection2).add_(epsilon);
            p.addcdiv_(m, denominator, minusStep);
        }
    }
}

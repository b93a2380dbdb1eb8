/**
 * Optimizers, learning-rate schedules and gradient clipping.
 *
 * <p>Per training step the loop does:
 * <pre>{@code
 * Optimizer opt = Optimizers.create(recipe.optimizer(), params, manager);      // once
 * LrSchedule schedule = LrSchedules.create(recipe.schedule(), recipe.optimizer().lr(), totalSteps, ctx);
 * ...
 * double gradNorm = GradClip.clipGlobalNorm(params, recipe.train().gradClip()); // one host sync
 * opt.step(params, schedule.lr(step));                                          // then zero the gradients
 * }</pre>
 *
 * <p>Every optimizer is one {@code UpdateRule} (AdamW, Adam, SGD/momentum, Lion, RMSprop) applied
 * with one state format: fp32, or bitsandbytes' 8-bit block-wise dynamic quantization (uint8 codes
 * plus an fp32 absmax per block of 256 or 2048 elements, fp32 for tensors under
 * {@code min_8bit_size}). The 8-bit twin of an optimizer runs the same update code; only the state
 * storage differs.
 *
 * <p>State tensors ({@code Optimizer.stateTensors()}, saved to {@code optimizer.safetensors}):
 * <ul>
 *   <li>{@code step}: completed optimizer steps (int64 scalar);</li>
 *   <li>{@code <param>.step}: that parameter's step counter, used for bias correction (int64 scalar);</li>
 *   <li>fp32 state under PyTorch's names: {@code <param>.exp_avg}, {@code <param>.exp_avg_sq} (Adam),
 *       {@code <param>.momentum_buffer} (SGD), {@code <param>.exp_avg} (Lion),
 *       {@code <param>.square_avg} (RMSprop), each in the parameter's shape;</li>
 *   <li>8-bit state: {@code <param>.state1.codes}, {@code <param>.state2.codes} (uint8, the parameter's
 *       shape) and {@code <param>.state1.absmax}, {@code <param>.state2.absmax} (fp32, one per block);</li>
 *   <li>{@code qmap1}, {@code qmap2}: the signed and unsigned 256-value maps (8-bit optimizers).</li>
 * </ul>
 * {@link dev.effitrain.core.optim.Optimizers#stateBytesPerParam(java.util.Map)} counts state bytes
 * per parameter from checkpoint keys alone.
 */
package dev.effitrain.core.optim;

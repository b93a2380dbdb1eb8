package dev.effitrain.core.optim;
import ai.djl.ndarray.*;
import dev.effitrain.core.config.OptimizerConfig;
import dev.effitrain.core.model.Param;
import java.util.*;
public final class Optimizers {
  public static Optimizer create(OptimizerConfig c, List<Param> params, NDManager parent) {
    NDManager sm = parent.newSubManager();
    Map<String, NDArray> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
    long[] t = {0};
    return new Optimizer() {
      public void step(List<Param> ps, double lr) {
        t[0]++;
        double b1 = c.beta1(), b2 = c.beta2();
        for (Param p : ps) {
          NDArray w = p.array();
          NDArray mt = m.computeIfAbsent(p.name(), k -> { NDArray z = sm.zeros(w.getShape()); NDScope.unregister(z); return z; });
          NDArray vt = v.computeIfAbsent(p.name(), k -> { NDArray z = sm.zeros(w.getShape()); NDScope.unregister(z); return z; });
          try (NDScope s = new NDScope()) {
            NDArray g = w.getGradient();
            mt.muli((float) b1).addi(g.mul((float) (1 - b1)));
            vt.muli((float) b2).addi(g.square().muli((float) (1 - b2)));
            double c1 = 1 - Math.pow(b1, t[0]), c2 = 1 - Math.pow(b2, t[0]);
            NDArray upd = mt.div((float) c1).divi(vt.div((float) c2).sqrt().addi((float) c.eps()));
            if (p.kind() == Param.Kind.WEIGHT) w.muli((float) (1 - lr * c.weightDecay()));
            w.subi(upd.muli((float) lr));
          }
        }
      }
      public long stepCount() { return t[0]; }
      public Map<String, NDArray> stateTensors() { Map<String, NDArray> r = new LinkedHashMap<>(); m.forEach((k, a) -> r.put(k + ".exp_avg", a)); v.forEach((k, a) -> r.put(k + ".exp_avg_sq", a)); NDArray st = sm.create(new long[]{t[0]}); NDScope.unregister(st); r.put("step", st); return r; }
      public void loadState(Map<String, NDArray> s, List<Param> ps) {
        for (Param p : ps) { NDArray a = sm.zeros(p.array().getShape()); s.get(p.name() + ".exp_avg").copyTo(a); NDScope.unregister(a); m.put(p.name(), a);
          NDArray b = sm.zeros(p.array().getShape()); s.get(p.name() + ".exp_avg_sq").copyTo(b); NDScope.unregister(b); v.put(p.name(), b); }
        t[0] = s.get("step").toLongArray()[0];
      }
      public Map<String, Long> stateBytesPerParam() { Map<String, Long> r = new LinkedHashMap<>(); m.forEach((k, a) -> r.put(k, a.size() * 8)); return r; }
      public void close() { sm.close(); }
    };
  }
}

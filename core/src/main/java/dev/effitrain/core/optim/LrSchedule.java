package dev.effitrain.core.optim;
public interface LrSchedule { double lr(long step); }

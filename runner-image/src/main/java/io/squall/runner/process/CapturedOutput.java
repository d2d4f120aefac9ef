package io.squall.runner.process;

/**
 * What was kept of one output stream: its last bytes as text, and how many earlier bytes were dropped
 * to stay within the bound.
 */
public record CapturedOutput(String text, long droppedBytes) {}

package org.lifeline.layoutsample.util;

/** Breaks the layout on purpose: a package the layout does not have. */
public class Helper {
}

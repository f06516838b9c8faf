package org.lifeline.layoutsample.service;

import org.lifeline.layoutsample.rest.BadResource;

/** Breaks the layout on purpose: a use case that depends on a resource. */
public class UsesRest {

    public BadResource resource() {
        return new BadResource();
    }
}

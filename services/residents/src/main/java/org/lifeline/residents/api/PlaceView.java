package org.lifeline.residents.api;

import org.lifeline.residents.model.PlaceLevel;

public record PlaceView(String code, String name, PlaceLevel level, String parentCode, String path) {
}

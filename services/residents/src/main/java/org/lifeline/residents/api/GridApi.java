package org.lifeline.residents.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Grids (网格) of a community and their grid workers. */
public final class GridApi {

    private GridApi() {
    }

    public record GridRequest(
            @NotBlank @Pattern(regexp = Codes.PLACE_CODE, message = "{lifeline.place-code}") String code,
            @NotBlank @Pattern(regexp = Codes.PLACE_CODE, message = "{lifeline.place-code}") String communityCode,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 200) String gridWorker) {
    }

    /** Put every household under these places (buildings, units or compounds) into the grid. */
    public record AssignRequest(@NotEmpty @Size(max = 500) List<@Pattern(regexp = Codes.PLACE_CODE,
            message = "{lifeline.place-code}") String> placeCodes) {
    }

    public record GridView(String code, String communityCode, String name, String gridWorker, long households) {
    }

    public record GridProgress(String code, String name, String gridWorker, long total, long visited) {
    }
}
